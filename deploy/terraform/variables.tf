# Inputs. Only project_id and image have no default.

variable "project_id" {
  description = "Google Cloud project to deploy into (its id, not its number)."
  type        = string
}

variable "region" {
  description = "Region for Cloud Run, Cloud SQL, Memorystore, Artifact Registry and the bucket."
  type        = string
  default     = "europe-west1"
}

variable "name" {
  description = "Prefix of every resource name; lower-case letters, digits and hyphens."
  type        = string
  default     = "copy-that"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,18}[a-z0-9]$", var.name))
    error_message = "name must be 3-20 characters of a-z, 0-9 and '-', starting with a letter."
  }
}

variable "image" {
  description = "Container image to run, pinned by digest: REGION-docker.pkg.dev/PROJECT/REPO/copy-that@sha256:... (see outputs.image_repository). Leave unset only for the first, registry-only apply (README step 3)."
  type        = string
  default     = null

  validation {
    condition     = var.image == null || can(regex("@sha256:[0-9a-f]{64}$", var.image))
    error_message = "image must be pinned by digest (…@sha256:<64 hex digits>), so a deploy runs exactly what was tested."
  }
}

variable "labels" {
  description = "Labels added to every resource that takes labels."
  type        = map(string)
  default     = {}
}

variable "deletion_protection" {
  description = "Refuse to delete the database, services and bucket (turn off only to tear down a test environment)."
  type        = bool
  default     = true
}

variable "log_level" {
  description = "LOG_LEVEL of every container: DEBUG, INFO, WARNING or ERROR."
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["DEBUG", "INFO", "WARNING", "ERROR"], var.log_level)
    error_message = "log_level must be DEBUG, INFO, WARNING or ERROR."
  }
}

variable "subnet_cidr" {
  description = "IPv4 range of the subnet Cloud Run sends private traffic through (Direct VPC egress); at least /26."
  type        = string
  default     = "10.8.0.0/24"
}

# --- API service ---

variable "api_min_instances" {
  description = "API instances kept warm (0 lets the API scale to zero between requests)."
  type        = number
  default     = 1
}

variable "api_max_instances" {
  description = "Most API instances; bounds cost and database connections."
  type        = number
  default     = 10
}

variable "api_cpu" {
  description = "vCPUs per API instance (also the number of gunicorn workers)."
  type        = string
  default     = "1"
}

variable "api_memory" {
  description = "Memory per API instance, e.g. 1Gi."
  type        = string
  default     = "1Gi"
}

variable "api_concurrency" {
  description = "Most concurrent requests per API instance."
  type        = number
  default     = 80
}

variable "api_request_timeout_s" {
  description = "Longest request, in seconds; job progress streams (SSE) reconnect after it."
  type        = number
  default     = 300
}

# --- Worker service ---

variable "worker_min_instances" {
  description = "Worker instances always running; at least 1, or queued jobs wait for a deploy."
  type        = number
  default     = 1

  validation {
    condition     = var.worker_min_instances >= 1
    error_message = "worker_min_instances must be at least 1: workers pull jobs, no request wakes them."
  }
}

variable "worker_max_instances" {
  description = "Most worker instances."
  type        = number
  default     = 4
}

variable "worker_cpu" {
  description = "vCPUs per worker instance; extraction is CPU-bound."
  type        = string
  default     = "2"
}

variable "worker_memory" {
  description = "Memory per worker instance, e.g. 4Gi (large screenshots need room)."
  type        = string
  default     = "4Gi"
}

# --- Cloud SQL ---

variable "db_version" {
  description = "Cloud SQL PostgreSQL major version."
  type        = string
  default     = "POSTGRES_18"
}

variable "db_tier" {
  description = "Cloud SQL machine tier."
  type        = string
  default     = "db-custom-2-7680"
}

variable "db_availability" {
  description = "REGIONAL (standby in a second zone, for production) or ZONAL."
  type        = string
  default     = "REGIONAL"

  validation {
    condition     = contains(["REGIONAL", "ZONAL"], var.db_availability)
    error_message = "db_availability must be REGIONAL or ZONAL."
  }
}

variable "db_disk_gb" {
  description = "Initial database disk size in GB; it grows automatically."
  type        = number
  default     = 20
}

# --- Memorystore ---

variable "redis_tier" {
  description = "Memorystore tier: STANDARD_HA (replicated, for production) or BASIC."
  type        = string
  default     = "STANDARD_HA"
}

variable "redis_memory_gb" {
  description = "Memorystore size in GB."
  type        = number
  default     = 1
}

# --- Storage ---

variable "noncurrent_image_days" {
  description = "Days a deleted or replaced image blob stays recoverable before it is purged."
  type        = number
  default     = 30
}
