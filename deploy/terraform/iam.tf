# One service account per role, each granted only what that role touches: its own secrets (per
# secret, not project-wide) and, for the API and the worker, the image bucket. Cloud SQL and
# Memorystore are reached over the private network with passwords, so no project role is needed.

locals {
  # Every role reads the settings' secret key and reaches the database over mutual TLS.
  database_secrets = ["secret-key", "database-url", "db-ca", "db-client-cert", "db-client-key"]

  roles = {
    api = {
      description = "Copy That API (Cloud Run service)"
      secrets     = concat(local.database_secrets, ["redis-url", "redis-ca"])
      bucket_role = "roles/storage.objectUser" # uploads, reads and deletes image blobs
    }
    worker = {
      description = "Copy That extraction worker (Cloud Run service)"
      secrets     = concat(local.database_secrets, ["redis-url", "redis-ca"])
      bucket_role = "roles/storage.objectViewer" # reads the images it extracts from
    }
    migrate = {
      description = "Copy That schema migration (Cloud Run job)"
      secrets     = local.database_secrets
      bucket_role = null
    }
  }

  secret_grants = merge([
    for role, spec in local.roles : {
      for secret in spec.secrets : "${role}/${secret}" => { role = role, secret = secret }
    }
  ]...)
}

resource "google_service_account" "run" {
  for_each = local.roles

  account_id   = "${var.name}-${each.key}"
  display_name = each.value.description
}

resource "google_secret_manager_secret_iam_member" "run" {
  for_each = local.secret_grants

  secret_id = google_secret_manager_secret.app[each.value.secret].id
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.run[each.value.role].member
}

resource "google_storage_bucket_iam_member" "run" {
  for_each = { for role, spec in local.roles : role => spec.bucket_role if spec.bucket_role != null }

  bucket = google_storage_bucket.images.name
  role   = each.value
  member = google_service_account.run[each.key].member
}
