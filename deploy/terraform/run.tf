# Cloud Run: the API service, the worker service and the migration job, all from one image.
# Every secret is a mounted file: /secrets/<name>/value, named by a <NAME>_FILE variable (or a
# PGSSL* variable for asyncpg's TLS files). Probes use /ready at start-up (database, blob store and
# broker answer) and /health for liveness (no I/O).

locals {
  secret_root = "/secrets"

  # Which variables name each mounted secret's file ("redis-ca" is named inside the Redis URL).
  secret_variables = {
    "secret-key"     = ["SECRET_KEY_FILE"]
    "database-url"   = ["DATABASE_URL_FILE"]
    "redis-url"      = ["REDIS_URL_FILE", "CELERY_BROKER_URL_FILE"]
    "redis-ca"       = []
    "db-ca"          = ["PGSSLROOTCERT"]
    "db-client-cert" = ["PGSSLCERT"]
    "db-client-key"  = ["PGSSLKEY"]
  }

  # Plain settings of each role (see .env.example for what each means).
  plain_env = {
    api = {
      ENVIRONMENT    = "production"
      LOG_LEVEL      = var.log_level
      BLOB_STORE_URL = "gs://${google_storage_bucket.images.name}/blobs"
      # Only Google's front end reaches the container, so its X-Forwarded-* headers are true.
      FORWARDED_ALLOW_IPS = "*"
      WEB_CONCURRENCY     = tostring(max(1, floor(tonumber(var.api_cpu))))
    }
    worker = {
      ENVIRONMENT        = "production"
      LOG_LEVEL          = var.log_level
      BLOB_STORE_URL     = "gs://${google_storage_bucket.images.name}/blobs"
      WORKER_CONCURRENCY = tostring(max(1, floor(tonumber(var.worker_cpu))))
    }
    migrate = {
      ENVIRONMENT = "production"
      LOG_LEVEL   = var.log_level
    }
  }

  # Every variable of each role: its plain settings plus the paths of its mounted secrets.
  role_env = {
    for role, spec in local.roles : role => merge(local.plain_env[role], merge([
      for secret in spec.secrets : {
        for variable in local.secret_variables[secret] : variable => "${local.secret_root}/${secret}/value"
      }
    ]...))
  }
}

# The API and the worker: one resource, two services that differ only in these settings.
resource "google_cloud_run_v2_service" "app" {
  for_each = {
    api = {
      # The public web app and API (its users authenticate to Copy That itself).
      ingress     = "INGRESS_TRAFFIC_ALL"
      min         = var.api_min_instances
      max         = var.api_max_instances
      cpu         = var.api_cpu
      memory      = var.api_memory
      cpu_idle    = true
      concurrency = var.api_concurrency
      timeout     = "${var.api_request_timeout_s}s"
      command     = null # the image's gunicorn CMD
      args        = null
    }
    worker = {
      # Reached by no one; it pulls jobs from Redis, so its CPU stays allocated between requests.
      # It answers /health and /ready on $PORT (set by Cloud Run) for the probes below.
      ingress     = "INGRESS_TRAFFIC_INTERNAL_ONLY"
      min         = var.worker_min_instances
      max         = var.worker_max_instances
      cpu         = var.worker_cpu
      memory      = var.worker_memory
      cpu_idle    = false
      concurrency = null
      timeout     = null
      command     = ["copy-that"]
      args        = ["worker"]
    }
  }

  name                = "${var.name}-${each.key}"
  location            = var.region
  ingress             = each.value.ingress
  deletion_protection = var.deletion_protection

  template {
    service_account                  = google_service_account.run[each.key].email
    execution_environment            = "EXECUTION_ENVIRONMENT_GEN2"
    max_instance_request_concurrency = each.value.concurrency
    timeout                          = each.value.timeout

    scaling {
      min_instance_count = each.value.min
      max_instance_count = each.value.max
    }

    vpc_access {
      egress = "PRIVATE_RANGES_ONLY"
      network_interfaces {
        network    = google_compute_network.main.id
        subnetwork = google_compute_subnetwork.run.id
      }
    }

    containers {
      name    = each.key
      image   = var.image
      command = each.value.command
      args    = each.value.args

      ports {
        container_port = 8080
      }

      resources {
        limits = {
          cpu    = each.value.cpu
          memory = each.value.memory
        }
        cpu_idle          = each.value.cpu_idle
        startup_cpu_boost = true
      }

      dynamic "env" {
        for_each = local.role_env[each.key]
        content {
          name  = env.key
          value = env.value
        }
      }
      dynamic "volume_mounts" {
        for_each = toset(local.roles[each.key].secrets)
        content {
          name       = volume_mounts.value
          mount_path = "${local.secret_root}/${volume_mounts.value}"
        }
      }

      # Traffic arrives only once the database, blob store and broker answer.
      startup_probe {
        initial_delay_seconds = 0
        period_seconds        = 5
        timeout_seconds       = 3
        failure_threshold     = 24
        http_get {
          path = "/ready"
        }
      }
      # Restarted only when the process itself stops answering, not when a dependency is down.
      liveness_probe {
        period_seconds    = 30
        timeout_seconds   = 5
        failure_threshold = 3
        http_get {
          path = "/health"
        }
      }
    }

    dynamic "volumes" {
      for_each = toset(local.roles[each.key].secrets)
      content {
        name = volumes.value
        secret {
          secret = google_secret_manager_secret.app[volumes.value].secret_id
          items {
            version = "latest"
            path    = "value"
          }
        }
      }
    }
  }

  depends_on = [
    google_secret_manager_secret_iam_member.run,
    google_secret_manager_secret_version.app,
  ]

  lifecycle {
    precondition {
      condition     = var.image != null
      error_message = "Set var.image to the pushed image's digest (README, \"Every deploy\")."
    }
  }
}

# Anyone may call the API; Copy That authenticates its users itself (session cookies for the web
# app, hashed API keys for machines) and scopes every object to its owner.
resource "google_cloud_run_v2_service_iam_member" "api_public" {
  name     = google_cloud_run_v2_service.app["api"].name
  location = google_cloud_run_v2_service.app["api"].location
  role     = "roles/run.invoker"
  member   = "allUsers"
}

# `copy-that db upgrade` as its own job. Deploys execute it and wait for success before
# rolling out a new image (README.md); a failed migration stops the deploy.
resource "google_cloud_run_v2_job" "migrate" {
  name                = "${var.name}-migrate"
  location            = var.region
  deletion_protection = var.deletion_protection

  template {
    task_count  = 1
    parallelism = 1

    template {
      service_account       = google_service_account.run["migrate"].email
      execution_environment = "EXECUTION_ENVIRONMENT_GEN2"
      timeout               = "600s"
      # Not retried blindly: a failed migration needs a person.
      max_retries = 0

      vpc_access {
        egress = "PRIVATE_RANGES_ONLY"
        network_interfaces {
          network    = google_compute_network.main.id
          subnetwork = google_compute_subnetwork.run.id
        }
      }

      containers {
        name    = "migrate"
        image   = var.image
        command = ["copy-that"]
        args    = ["db", "upgrade"]

        resources {
          limits = {
            cpu    = "1"
            memory = "512Mi"
          }
        }

        dynamic "env" {
          for_each = local.role_env["migrate"]
          content {
            name  = env.key
            value = env.value
          }
        }
        dynamic "volume_mounts" {
          for_each = toset(local.roles["migrate"].secrets)
          content {
            name       = volume_mounts.value
            mount_path = "${local.secret_root}/${volume_mounts.value}"
          }
        }
      }

      dynamic "volumes" {
        for_each = toset(local.roles["migrate"].secrets)
        content {
          name = volumes.value
          secret {
            secret = google_secret_manager_secret.app[volumes.value].secret_id
            items {
              version = "latest"
              path    = "value"
            }
          }
        }
      }
    }
  }

  depends_on = [
    google_secret_manager_secret_iam_member.run,
    google_secret_manager_secret_version.app,
  ]

  lifecycle {
    precondition {
      condition     = var.image != null
      error_message = "Set var.image to the pushed image's digest (README, \"Every deploy\")."
    }
  }
}
