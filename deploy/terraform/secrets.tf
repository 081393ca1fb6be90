# Secret Manager holds every secret, encrypted with the project key. Cloud Run mounts each as a
# file under /secrets/<name>/value; the app reads it through a <NAME>_FILE variable (asyncpg reads
# the TLS files through PGSSL* variables). No secret value is an environment variable.

resource "random_password" "secret_key" {
  length  = 64
  special = false
}

locals {
  # TLS to Memorystore, verified against its server CA (mounted beside the URL).
  redis_url = format(
    # checkov:skip=CKV_SECRET_4: a format template; the credential is filled in from the instance's AUTH string at apply time
    "rediss://:%s@%s:%d/0?ssl_cert_reqs=required&ssl_ca_certs=%s",
    google_redis_instance.main.auth_string,
    google_redis_instance.main.host,
    google_redis_instance.main.port,
    "/secrets/redis-ca/value",
  )
  # asyncpg over mutual TLS on the private address, checking the server against its CA (the
  # certificate names the instance, not the address, so verify-full cannot apply).
  database_url = format(
    # checkov:skip=CKV_SECRET_4: a format template; the generated password is filled in at apply time
    "postgresql://%s:%s@%s:5432/%s?ssl=verify-ca",
    google_sql_user.app.name,
    random_password.db.result,
    google_sql_database_instance.main.private_ip_address,
    google_sql_database.app.name,
  )
  secret_values = {
    "secret-key"     = random_password.secret_key.result
    "database-url"   = local.database_url
    "redis-url"      = local.redis_url
    "redis-ca"       = join("\n", [for cert in google_redis_instance.main.server_ca_certs : cert.cert])
    "db-ca"          = google_sql_ssl_cert.app.server_ca_cert
    "db-client-cert" = google_sql_ssl_cert.app.cert
    "db-client-key"  = google_sql_ssl_cert.app.private_key
  }
}

resource "google_secret_manager_secret" "app" {
  for_each = toset(keys(local.secret_values))

  secret_id = "${var.name}-${each.key}"

  replication {
    user_managed {
      replicas {
        location = var.region
        customer_managed_encryption {
          kms_key_name = google_kms_crypto_key.data.id
        }
      }
    }
  }

  depends_on = [google_kms_crypto_key_iam_member.data]
}

resource "google_secret_manager_secret_version" "app" {
  for_each = google_secret_manager_secret.app

  secret      = each.value.id
  secret_data = local.secret_values[each.key]
}
