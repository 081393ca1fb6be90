# Values the deploy steps in README.md use.

output "api_url" {
  description = "HTTPS address of the API and web app."
  value       = google_cloud_run_v2_service.app["api"].uri
}

output "image_repository" {
  description = "Where to push images: docker push <this>/copy-that:<tag>, then deploy its digest."
  value       = "${var.region}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.images.repository_id}"
}

output "migrate_job" {
  description = "Cloud Run job that upgrades the schema: gcloud run jobs execute <this> --region <region> --wait."
  value       = google_cloud_run_v2_job.migrate.name
}

output "worker_service" {
  description = "Cloud Run service running the Celery extraction workers."
  value       = google_cloud_run_v2_service.app["worker"].name
}

output "images_bucket" {
  description = "Bucket holding uploaded images (BLOB_STORE_URL)."
  value       = google_storage_bucket.images.name
}

output "database_instance" {
  description = "Cloud SQL instance connection name (project:region:instance)."
  value       = google_sql_database_instance.main.connection_name
}

output "service_accounts" {
  description = "Email of the service account each role runs as."
  value       = { for role, account in google_service_account.run : role => account.email }
}

output "secret_ids" {
  description = "Secret Manager secret ids; add a version to rotate (instances started afterwards read it)."
  value       = { for name, secret in google_secret_manager_secret.app : name => secret.secret_id }
}
