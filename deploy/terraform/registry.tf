# Artifact Registry repository for the image built from deploy/Dockerfile.

resource "google_artifact_registry_repository" "images" {
  location      = var.region
  repository_id = var.name
  description   = "Copy That container images (deploy/Dockerfile)"
  format        = "DOCKER"
  kms_key_name  = google_kms_crypto_key.data.id

  docker_config {
    # A tag, once pushed, always names the same image.
    immutable_tags = true
  }

  # Keep the 20 newest images; untagged ones older than 30 days go.
  cleanup_policies {
    id     = "keep-recent"
    action = "KEEP"
    most_recent_versions {
      keep_count = 20
    }
  }
  cleanup_policies {
    id     = "delete-old-untagged"
    action = "DELETE"
    condition {
      tag_state  = "UNTAGGED"
      older_than = "2592000s"
    }
  }

  depends_on = [google_kms_crypto_key_iam_member.data]
}
