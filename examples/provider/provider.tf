terraform {
  required_providers {
    multicloud = {
      source = "multicloud-workflows/multicloud"
    }
  }
}

# Every block is optional. The provider looks up a cloud's credentials only
# when a multicloud_workflow resource targets that cloud, and the
# multicloud_workflow_definition data source needs none at all.
provider "multicloud" {
  aws {
    region  = "eu-west-1"
    profile = "workflows" # a profile of ~/.aws/config; leave out to use AWS_PROFILE or "default"
  }

  gcp {
    project  = "acme-workflows"
    location = "europe-west1"
  }

  azure {
    subscription_id = "00000000-0000-0000-0000-000000000000"
    resource_group  = "workflows"
    location        = "westeurope"
  }
}
