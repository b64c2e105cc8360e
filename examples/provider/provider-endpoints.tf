# Endpoint overrides send every call to other servers than the public cloud
# APIs: VPC endpoints, private clouds or emulators. This is the shape of the
# provider_override.tf file that `go run ./internal/tools/localclouds -dir DIR`
# writes for the local test servers; it picks free ports on every run.
provider "multicloud" {
  aws {
    region        = "us-east-1"
    endpoint      = "http://127.0.0.1:41001"
    poll_interval = "100ms"
  }

  gcp {
    project       = "demo-project"
    location      = "europe-west1"
    endpoint      = "127.0.0.1:41002"
    access_token  = "token-from-env-sh"
    insecure      = true # plaintext gRPC, accepted for loopback addresses only
    poll_interval = "100ms"
  }

  azure {
    subscription_id = "00000000-0000-4000-8000-000000000de0"
    location        = "westeurope"
    endpoint        = "https://127.0.0.1:41003"
    authority_host  = "https://127.0.0.1:41003"
    ca_certificate  = file("${path.module}/local-ca.pem")
    poll_interval   = "100ms"
  }
}
