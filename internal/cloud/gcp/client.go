package gcp

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"strings"
	"sync"
	"time"

	workflows "cloud.google.com/go/workflows/apiv1"
	"golang.org/x/oauth2"
	"google.golang.org/api/option"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
)

// defaultPollInterval is the first pause between operation polls and the
// first retry pause when Config.PollInterval is zero.
const defaultPollInterval = time.Second

// Deployer deploys workflows to Google Cloud Workflows. It implements
// cloud.Deployer. Its methods are safe for concurrent use.
type Deployer struct {
	cfg Config

	mu     sync.Mutex
	client *workflows.Client
}

// New checks cfg and returns a Deployer. It makes no call and resolves no
// credentials: the client is created, and Application Default Credentials
// are looked up, on the first call that needs them.
func New(_ context.Context, cfg Config) (*Deployer, error) {
	if cfg.Insecure {
		if err := checkLoopback(cfg.Endpoint); err != nil {
			return nil, err
		}
	}

	if cfg.CACertificatePEM != "" && cfg.Insecure {
		return nil, fmt.Errorf("invalid gcp configuration: ca_certificate_pem applies to TLS and insecure = true turns TLS off; set only one of them")
	}

	if _, err := certificatePool(cfg.CACertificatePEM); err != nil {
		return nil, err
	}

	if cfg.PollInterval < 0 {
		return nil, fmt.Errorf("invalid poll interval %s: use zero for the default or a positive duration", cfg.PollInterval)
	}

	if cfg.PollInterval == 0 {
		cfg.PollInterval = defaultPollInterval
	}

	return &Deployer{cfg: cfg}, nil
}

// Close releases the client's connections, if a call created them.
func (d *Deployer) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()

	if d.client == nil {
		return nil
	}

	err := d.client.Close()
	d.client = nil

	return err
}

// workflowsClient returns the client, creating it on the first call.
func (d *Deployer) workflowsClient(ctx context.Context) (*workflows.Client, error) {
	d.mu.Lock()
	defer d.mu.Unlock()

	if d.client != nil {
		return d.client, nil
	}

	opts, err := d.clientOptions()
	if err != nil {
		return nil, err
	}

	// The client outlives the call that creates it, so it must not stop
	// when that call's context is cancelled.
	client, err := workflows.NewClient(context.WithoutCancel(ctx), opts...)
	if err != nil {
		return nil, fmt.Errorf("create the Cloud Workflows client: %w. Check the gcp endpoint and credentials (Application Default Credentials or access_token)", err)
	}

	d.client = client

	return client, nil
}

func (d *Deployer) clientOptions() ([]option.ClientOption, error) {
	if d.cfg.Insecure {
		conn, err := dialPlaintext(d.cfg.Endpoint, d.cfg.AccessToken)
		if err != nil {
			return nil, err
		}

		return []option.ClientOption{option.WithGRPCConn(conn)}, nil
	}

	var opts []option.ClientOption
	if d.cfg.Endpoint != "" {
		opts = append(opts, option.WithEndpoint(d.cfg.Endpoint))
	}

	if d.cfg.CACertificatePEM != "" {
		pool, err := certificatePool(d.cfg.CACertificatePEM)
		if err != nil {
			return nil, err
		}

		tlsCreds := credentials.NewTLS(&tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12})
		opts = append(opts, option.WithGRPCDialOption(grpc.WithTransportCredentials(tlsCreds)))
	}

	if d.cfg.AccessToken != "" {
		opts = append(opts, option.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: d.cfg.AccessToken, TokenType: "Bearer"})))
	}

	return opts, nil
}

// dialPlaintext connects to a loopback endpoint without TLS. gRPC rejects
// OAuth credentials on a plaintext connection, so the token goes through
// bearerToken, which allows it. That is safe only because checkLoopback
// has made sure the traffic stays on this machine.
func dialPlaintext(endpoint, token string) (*grpc.ClientConn, error) {
	dialOpts := []grpc.DialOption{grpc.WithTransportCredentials(insecure.NewCredentials())}
	if token != "" {
		dialOpts = append(dialOpts, grpc.WithPerRPCCredentials(bearerToken(token)))
	}

	conn, err := grpc.NewClient(endpoint, dialOpts...)
	if err != nil {
		return nil, fmt.Errorf("connect to the Cloud Workflows endpoint %s: %w", endpoint, err)
	}

	return conn, nil
}

// certificatePool returns the system roots plus the certificates in
// extraPEM, or nil when extraPEM is empty so that the default TLS setup
// applies.
func certificatePool(extraPEM string) (*x509.CertPool, error) {
	if extraPEM == "" {
		return nil, nil
	}

	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = x509.NewCertPool()
	}

	if !pool.AppendCertsFromPEM([]byte(extraPEM)) {
		return nil, fmt.Errorf("invalid gcp ca_certificate_pem: it contains no PEM-encoded certificate")
	}

	return pool, nil
}

// bearerToken sends a static access token in the authorization metadata.
type bearerToken string

func (t bearerToken) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	return map[string]string{"authorization": "Bearer " + string(t)}, nil
}

func (bearerToken) RequireTransportSecurity() bool {
	return false
}

// checkLoopback accepts host:port endpoints whose host is localhost or a
// loopback IP address.
func checkLoopback(endpoint string) error {
	host, _, err := net.SplitHostPort(endpoint)
	if err != nil {
		return fmt.Errorf("invalid gcp endpoint %q with insecure = true: use host:port of a local server, such as 127.0.0.1:8080", endpoint)
	}

	if strings.EqualFold(host, "localhost") {
		return nil
	}

	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}

	return fmt.Errorf("invalid gcp endpoint %q with insecure = true: plaintext connections are allowed only to localhost or a loopback address; remove insecure to use TLS", endpoint)
}
