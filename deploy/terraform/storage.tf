# The bucket for uploaded images (BLOB_STORE_URL=gs://<bucket>/blobs) and the bucket that keeps
# its access logs.

resource "random_id" "bucket_suffix" {
  byte_length = 4
}

resource "google_storage_bucket" "images" {
  name                        = "${var.project_id}-${var.name}-images-${random_id.bucket_suffix.hex}"
  location                    = var.region
  storage_class               = "STANDARD"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = !var.deletion_protection

  encryption {
    default_kms_key_name = google_kms_crypto_key.data.id
  }

  # A deleted or overwritten image stays recoverable for noncurrent_image_days.
  versioning {
    enabled = true
  }
  lifecycle_rule {
    condition {
      days_since_noncurrent_time = var.noncurrent_image_days
      with_state                 = "ARCHIVED"
    }
    action {
      type = "Delete"
    }
  }

  logging {
    log_bucket = google_storage_bucket.access_logs.name
  }

  depends_on = [google_kms_crypto_key_iam_member.data]
}

resource "google_storage_bucket" "access_logs" {
  # checkov:skip=CKV_GCP_62: this is the access-log bucket itself; logging it into a third bucket would only move the gap
  name                        = "${var.project_id}-${var.name}-access-logs-${random_id.bucket_suffix.hex}"
  location                    = var.region
  storage_class               = "STANDARD"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = !var.deletion_protection

  encryption {
    default_kms_key_name = google_kms_crypto_key.data.id
  }

  versioning {
    enabled = true
  }
  # Access logs are kept a year.
  lifecycle_rule {
    condition {
      age = 365
    }
    action {
      type = "Delete"
    }
  }

  depends_on = [google_kms_crypto_key_iam_member.data]
}

# Cloud Storage writes usage logs into the log bucket as this Google group.
resource "google_storage_bucket_iam_member" "access_log_writer" {
  bucket = google_storage_bucket.access_logs.name
  role   = "roles/storage.objectCreator"
  member = "group:cloud-storage-analytics@google.com"
}
