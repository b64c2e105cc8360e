package gcp_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/cloud/gcp"
	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/localcloud/workflows"
)

// startTLS runs a local server with a self-signed certificate.
func startTLS(t *testing.T) *workflows.Server {
	t.Helper()

	srv, err := workflows.Start(workflows.Options{Token: token, PollsUntilDone: 1, TLS: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)

	return srv
}

func tlsConfig(srv *workflows.Server, caPEM string) gcp.Config {
	return gcp.Config{
		Project:          "p1",
		Location:         "us-central1",
		Endpoint:         srv.Endpoint(),
		AccessToken:      token,
		CACertificatePEM: caPEM,
		PollInterval:     time.Millisecond,
	}
}

func TestTLSWithTrustedCertificate(t *testing.T) {
	srv := startTLS(t)

	d, err := gcp.New(context.Background(), tlsConfig(srv, srv.CertificatePEM()))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()

	if _, _, err := create(t, d, workflow()); err != nil {
		t.Fatalf("create over TLS: %v", err)
	}

	requireOne(t, srv)

	if err := d.Delete(context.Background(), fullName); err != nil {
		t.Fatalf("delete over TLS: %v", err)
	}
}

func TestTLSRejectsUntrustedCertificate(t *testing.T) {
	srv := startTLS(t)

	d, err := gcp.New(context.Background(), tlsConfig(srv, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()

	_, err = d.Read(context.Background(), fullName)
	if err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("read from a server with an untrusted certificate: %v, want a certificate error", err)
	}

	if got := srv.Calls("GetWorkflow"); got != 0 {
		t.Errorf("GetWorkflow calls = %d, want 0 because the TLS handshake must fail", got)
	}
}

func TestCACertificateChecks(t *testing.T) {
	cases := []struct {
		name    string
		cfg     gcp.Config
		wantErr string
	}{
		{"not PEM", gcp.Config{CACertificatePEM: "not a certificate"}, "no PEM-encoded certificate"},
		{"with insecure", gcp.Config{CACertificatePEM: "x", Endpoint: "127.0.0.1:1", Insecure: true}, "set only one of them"},
	}

	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := gcp.New(context.Background(), c.cfg)
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("New error = %v, want one containing %q", err, c.wantErr)
			}
		})
	}
}
