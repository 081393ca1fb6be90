# Terraform and provider versions, and where the state lives.
terraform {
  required_version = ">= 1.6"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = ">= 6.14, < 8.0"
    }
    google-beta = {
      source  = "hashicorp/google-beta"
      version = ">= 6.14, < 8.0"
    }
    random = {
      source  = "hashicorp/random"
      version = ">= 3.6, < 4.0"
    }
  }

  # State holds generated passwords: keep it in a private, versioned bucket that only the deployers
  # can read. Pass the bucket at init: terraform init -backend-config="bucket=<state bucket>".
  backend "gcs" {
    prefix = "copy-that"
  }
}

provider "google" {
  project        = var.project_id
  region         = var.region
  default_labels = merge(var.labels, { app = var.name, managed-by = "terraform" })
}

provider "google-beta" {
  project        = var.project_id
  region         = var.region
  default_labels = merge(var.labels, { app = var.name, managed-by = "terraform" })
}
