# Cloud SQL for PostgreSQL on a private address only, mutual TLS required (the app presents a
# client certificate and checks the server's), encrypted with the project key, with backups and
# point-in-time recovery. The app connects as its own user with a generated password.

resource "google_sql_database_instance" "main" {
  name                = "${var.name}-pg"
  region              = var.region
  database_version    = var.db_version
  deletion_protection = var.deletion_protection
  encryption_key_name = google_kms_crypto_key.data.id

  settings {
    tier                        = var.db_tier
    availability_type           = var.db_availability
    disk_type                   = "PD_SSD"
    disk_size                   = var.db_disk_gb
    disk_autoresize             = true
    deletion_protection_enabled = var.deletion_protection
    user_labels                 = merge(var.labels, { app = var.name })

    ip_configuration {
      ipv4_enabled    = false
      private_network = google_compute_network.main.id
      ssl_mode        = "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"
    }

    backup_configuration {
      enabled                        = true
      start_time                     = "02:00"
      point_in_time_recovery_enabled = true
      transaction_log_retention_days = 7
      backup_retention_settings {
        retained_backups = 14
      }
    }

    maintenance_window {
      day          = 7
      hour         = 3
      update_track = "stable"
    }

    insights_config {
      query_insights_enabled = true
    }

    # Audit-friendly logging: connections, lock waits, errors with their statements, DDL.
    database_flags {
      name  = "cloudsql.enable_pgaudit"
      value = "on"
    }
    database_flags {
      name  = "pgaudit.log"
      value = "ddl,role"
    }
    database_flags {
      name  = "log_checkpoints"
      value = "on"
    }
    database_flags {
      name  = "log_connections"
      value = "on"
    }
    database_flags {
      name  = "log_disconnections"
      value = "on"
    }
    database_flags {
      name  = "log_duration"
      value = "on"
    }
    database_flags {
      name  = "log_hostname"
      value = "on"
    }
    database_flags {
      name  = "log_lock_waits"
      value = "on"
    }
    # No statement text by duration: image ids and token values stay out of the logs.
    database_flags {
      name  = "log_min_duration_statement"
      value = "-1"
    }
    database_flags {
      name  = "log_min_error_statement"
      value = "error"
    }
    database_flags {
      name  = "log_min_messages"
      value = "warning"
    }
    database_flags {
      name  = "log_statement"
      value = "ddl"
    }
    database_flags {
      name  = "log_temp_files"
      value = "0"
    }
  }

  depends_on = [google_service_networking_connection.services, google_kms_crypto_key_iam_member.data]
}

resource "google_sql_database" "app" {
  name     = "copy_that"
  instance = google_sql_database_instance.main.name
}

# Letters and digits only, so the password needs no escaping inside DATABASE_URL.
resource "random_password" "db" {
  length  = 40
  special = false
}

resource "google_sql_user" "app" {
  name     = "copy_that"
  instance = google_sql_database_instance.main.name
  password = random_password.db.result
}

# The client certificate every role presents (mounted with its key and the server CA).
resource "google_sql_ssl_cert" "app" {
  common_name = "${var.name}-app"
  instance    = google_sql_database_instance.main.name
}
