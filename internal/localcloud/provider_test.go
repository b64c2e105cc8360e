package localcloud

import (
	"regexp"
	"strings"
	"testing"
)

func TestProviderConfigHCL(t *testing.T) {
	got := ProviderConfig{
		AWSRegion:           "us-east-1",
		AWSEndpoint:         "http://127.0.0.1:1",
		GCPProject:          "p",
		GCPLocation:         "europe-west1",
		GCPEndpoint:         "127.0.0.1:2",
		GCPToken:            "t",
		AzureSubscriptionID: "s",
		AzureLocation:       "westeurope",
		AzureEndpoint:       "https://127.0.0.1:3",
		AzureCACertificate:  "-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n",
	}.HCL()

	want := `provider "multicloud" {
  aws {
    region   = "us-east-1"
    endpoint = "http://127.0.0.1:1"
  }

  gcp {
    project      = "p"
    location     = "europe-west1"
    endpoint     = "127.0.0.1:2"
    access_token = "t"
    insecure     = true
  }

  azure {
    subscription_id = "s"
    location        = "westeurope"
    endpoint        = "https://127.0.0.1:3"
    authority_host  = "https://127.0.0.1:3"
    ca_certificate  = "-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n"
  }
}
`
	if got != want {
		t.Errorf("HCL() =\n%s\nwant\n%s", got, want)
	}
}

func TestProviderConfigPollInterval(t *testing.T) {
	got := ProviderConfig{PollInterval: "10ms", AzureResourceGroup: "g"}.HCL()

	// The padding before "=" depends on the longest name in each block.
	setting := regexp.MustCompile(`poll_interval +=\s"10ms"`)
	if n := len(setting.FindAllString(got, -1)); n != 3 {
		t.Errorf("poll_interval appears %d times, want once per cloud:\n%s", n, got)
	}

	if !strings.Contains(got, `resource_group = "g"`) {
		t.Errorf("resource_group is missing:\n%s", got)
	}
}
