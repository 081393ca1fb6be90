# One customer-managed key, rotated every 90 days, encrypts the image buckets, the container
# registry, the secrets, the database and Redis: disabling it cuts off access to all stored data.

resource "google_kms_key_ring" "main" {
  name     = var.name
  location = var.region

  depends_on = [google_project_service.enabled]
}

resource "google_kms_crypto_key" "data" {
  name            = "${var.name}-data"
  key_ring        = google_kms_key_ring.main.id
  purpose         = "ENCRYPT_DECRYPT"
  rotation_period = "7776000s"

  lifecycle {
    prevent_destroy = true
  }
}

data "google_project" "current" {}

# Cloud Storage's agent exists once this is read.
data "google_storage_project_service_account" "gcs" {}

# The other Google service agents that use the key, created now rather than on first use.
resource "google_project_service_identity" "agents" {
  provider = google-beta
  for_each = toset([
    "artifactregistry.googleapis.com",
    "redis.googleapis.com",
    "secretmanager.googleapis.com",
    "sqladmin.googleapis.com",
  ])

  project = var.project_id
  service = each.value

  depends_on = [google_project_service.enabled]
}

locals {
  project_number = data.google_project.current.number
  # Known before apply, so the grants below can be planned with for_each.
  key_users = {
    artifactregistry = "serviceAccount:service-${local.project_number}@gcp-sa-artifactregistry.iam.gserviceaccount.com"
    redis            = "serviceAccount:service-${local.project_number}@cloud-redis.iam.gserviceaccount.com"
    secretmanager    = "serviceAccount:service-${local.project_number}@gcp-sa-secretmanager.iam.gserviceaccount.com"
    sqladmin         = "serviceAccount:service-${local.project_number}@gcp-sa-cloud-sql.iam.gserviceaccount.com"
    storage          = "serviceAccount:${data.google_storage_project_service_account.gcs.email_address}"
  }
}

resource "google_kms_crypto_key_iam_member" "data" {
  for_each = local.key_users

  crypto_key_id = google_kms_crypto_key.data.id
  role          = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
  member        = each.value

  depends_on = [google_project_service_identity.agents]
}
