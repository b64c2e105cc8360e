// Package azure deploys workflows to Azure Logic Apps (Consumption) through
// Azure Resource Manager with the armlogic SDK (api-version 2019-05-01).
//
// A workflow is one Microsoft.Logic/workflows resource. ARM replaces the
// whole resource on every PUT, so Create and Update always send the full
// workflow: definition, parameters, state, identity, access control,
// integration account and tags.
package azure

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	azcloud "github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/logic/armlogic"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/multicloud-workflows/terraform-provider-multicloud/internal/cloud"
)

// Bounds of the deployer's own waits. Each wait also ends when the
// caller's context does.
const (
	defaultPollInterval = 5 * time.Second

	// identityTimeout bounds create retries while a managed identity is
	// not usable yet. The Logic Apps error for a recently changed identity
	// recommends waiting 2 minutes.
	identityTimeout = 3 * time.Minute

	// consistencyTimeout bounds the reads after a write that wait for the
	// service to return what was written.
	consistencyTimeout = 2 * time.Minute

	// deleteTimeout bounds the reads after a delete that wait for 404.
	deleteTimeout = 10 * time.Minute
)

// Retries of single requests, done by azcore's retry policy: 408, 429, 500,
// 502, 503 and 504 responses and connection errors are retried up to
// maxRetries times. Each wait is the Retry-After value when the response
// has one (a value over maxRetryDelay ends the retries), and otherwise an
// exponential backoff from retryDelay.
const (
	maxRetries    = 4
	retryDelay    = time.Second
	maxRetryDelay = time.Minute
)

// Deployer manages Logic Apps workflows. It implements cloud.Deployer.
type Deployer struct {
	config     Config
	options    arm.ClientOptions
	credential *lazyCredential

	mu      sync.Mutex
	clients map[string]*armlogic.WorkflowsClient // by subscription ID

	pollInterval       time.Duration
	identityTimeout    time.Duration
	consistencyTimeout time.Duration
	deleteTimeout      time.Duration
}

var _ cloud.Deployer = (*Deployer)(nil)

// New returns a Deployer for the provider's `azure` block. It reads the CA
// certificate file but contacts nothing: credentials are resolved on the
// first request.
func New(ctx context.Context, cfg Config) (*Deployer, error) {
	cloudConfig, err := cloudConfiguration(cfg)
	if err != nil {
		return nil, err
	}

	transport, err := newTransport(cfg.CACertificateFile, cfg.CACertificatePEM)
	if err != nil {
		return nil, err
	}

	clientOptions := azcore.ClientOptions{
		Cloud:     cloudConfig,
		Transport: transport,
		Retry: policy.RetryOptions{
			MaxRetries:    maxRetries,
			RetryDelay:    retryDelay,
			MaxRetryDelay: maxRetryDelay,
		},
		Telemetry: policy.TelemetryOptions{ApplicationID: "terraform-multicloud"},
	}

	d := &Deployer{
		config:             cfg,
		credential:         newLazyCredential(cfg, cloudConfig, transport),
		clients:            map[string]*armlogic.WorkflowsClient{},
		pollInterval:       cfg.PollInterval,
		identityTimeout:    identityTimeout,
		consistencyTimeout: consistencyTimeout,
		deleteTimeout:      deleteTimeout,
	}
	if d.pollInterval <= 0 {
		d.pollInterval = defaultPollInterval
	}

	armOptions := arm.ClientOptions{ClientOptions: clientOptions}
	armOptions.PerRetryPolicies = append(armOptions.PerRetryPolicies, requestLogPolicy{})
	d.options = armOptions

	tflog.Debug(ctx, "Configured the Azure Logic Apps deployer", map[string]any{
		"azure_resource_manager_endpoint": cloudConfig.Services[azcloud.ResourceManager].Endpoint,
		"azure_authority_host":            cloudConfig.ActiveDirectoryAuthorityHost,
	})

	return d, nil
}

// cloudConfiguration returns the endpoints of the named Azure environment
// with the overrides from cfg applied.
func cloudConfiguration(cfg Config) (azcloud.Configuration, error) {
	var base azcloud.Configuration

	switch strings.ToLower(cfg.Environment) {
	case "", "public":
		base = azcloud.AzurePublic
	case "usgovernment":
		base = azcloud.AzureGovernment
	case "china":
		base = azcloud.AzureChina
	default:
		return azcloud.Configuration{}, fmt.Errorf(
			"invalid Azure environment %q: use public, usgovernment or china", cfg.Environment)
	}

	out := azcloud.Configuration{
		ActiveDirectoryAuthorityHost: base.ActiveDirectoryAuthorityHost,
		Services:                     map[azcloud.ServiceName]azcloud.ServiceConfiguration{},
	}
	for name, service := range base.Services {
		out.Services[name] = service
	}

	if cfg.Endpoint != "" {
		endpoint, err := httpsURL("endpoint", cfg.Endpoint)
		if err != nil {
			return azcloud.Configuration{}, err
		}
		out.Services[azcloud.ResourceManager] = azcloud.ServiceConfiguration{Endpoint: endpoint, Audience: endpoint}
	}

	if cfg.AuthorityHost != "" {
		host, err := httpsURL("authority host", cfg.AuthorityHost)
		if err != nil {
			return azcloud.Configuration{}, err
		}
		out.ActiveDirectoryAuthorityHost = host
	}

	return out, nil
}

// httpsURL checks that value is an absolute https URL and returns it
// without a trailing slash. azcore sends bearer tokens only over TLS.
func httpsURL(what, value string) (string, error) {
	u, err := url.Parse(value)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return "", fmt.Errorf("invalid Azure %s %q: use an absolute https URL such as https://management.example.com", what, value)
	}

	return strings.TrimSuffix(value, "/"), nil
}

// newTransport returns the HTTP client for Resource Manager and Microsoft
// Entra requests, trusting the certificates in caFile and caPEM on top of
// the system's.
func newTransport(caFile, caPEM string) (*http.Client, error) {
	transport := http.DefaultTransport.(*http.Transport).Clone()

	if caFile != "" || caPEM != "" {
		pool, err := certificatePool(caFile, caPEM)
		if err != nil {
			return nil, err
		}
		transport.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}

	return &http.Client{Transport: transport}, nil
}

func certificatePool(caFile, caPEM string) (*x509.CertPool, error) {
	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = x509.NewCertPool()
	}

	if caFile != "" {
		data, err := os.ReadFile(caFile)
		if err != nil {
			return nil, fmt.Errorf("reading the Azure CA certificate file: %w", err)
		}
		if !pool.AppendCertsFromPEM(data) {
			return nil, fmt.Errorf("invalid Azure CA certificate file %s: it contains no PEM certificate", caFile)
		}
	}

	if caPEM != "" && !pool.AppendCertsFromPEM([]byte(caPEM)) {
		return nil, fmt.Errorf("invalid Azure CA certificate: the text contains no PEM certificate")
	}

	return pool, nil
}

// client returns the workflows client for a subscription, creating it on
// first use.
func (d *Deployer) client(subscriptionID string) (*armlogic.WorkflowsClient, error) {
	d.mu.Lock()
	defer d.mu.Unlock()

	if c := d.clients[subscriptionID]; c != nil {
		return c, nil
	}

	c, err := armlogic.NewWorkflowsClient(subscriptionID, d.credential, &d.options)
	if err != nil {
		return nil, fmt.Errorf("creating the Logic Apps client for subscription %s: %w", subscriptionID, err)
	}

	d.clients[subscriptionID] = c
	return c, nil
}

// lazyCredential builds azidentity's DefaultAzureCredential on the first
// token request, so that configuring the provider reads no credential
// source when no resource targets Azure. A failed build is retried on the
// next request.
type lazyCredential struct {
	options azidentity.DefaultAzureCredentialOptions

	mu         sync.Mutex
	credential azcore.TokenCredential
}

func newLazyCredential(cfg Config, cloudConfig azcloud.Configuration, transport *http.Client) *lazyCredential {
	return &lazyCredential{options: azidentity.DefaultAzureCredentialOptions{
		ClientOptions:            azcore.ClientOptions{Cloud: cloudConfig, Transport: transport},
		TenantID:                 cfg.TenantID,
		DisableInstanceDiscovery: cfg.AuthorityHost != "",
	}}
}

func (c *lazyCredential) GetToken(ctx context.Context, options policy.TokenRequestOptions) (azcore.AccessToken, error) {
	credential, err := c.resolve(ctx)
	if err != nil {
		return azcore.AccessToken{}, err
	}

	return credential.GetToken(ctx, options)
}

func (c *lazyCredential) resolve(ctx context.Context) (azcore.TokenCredential, error) {
	c.mu.Lock()
	defer c.mu.Unlock()

	if c.credential != nil {
		return c.credential, nil
	}

	tflog.Debug(ctx, "Resolving Azure credentials with the azidentity default chain")
	credential, err := azidentity.NewDefaultAzureCredential(&c.options)
	if err != nil {
		err = fmt.Errorf("resolving Azure credentials: %w", err)
		tflog.Error(ctx, "Resolving Azure credentials failed", map[string]any{"error": err.Error()})
		return nil, err
	}

	c.credential = credential
	return credential, nil
}

// requestLogPolicy logs every attempt of every Resource Manager request with
// its method, path and status. It never logs headers or bodies, which carry
// the bearer token and parameter values.
type requestLogPolicy struct{}

func (requestLogPolicy) Do(req *policy.Request) (*http.Response, error) {
	raw := req.Raw()
	ctx := raw.Context()
	fields := map[string]any{"http_method": raw.Method, "url_path": raw.URL.Path}

	tflog.Debug(ctx, "Sending Azure Resource Manager request", fields)
	resp, err := req.Next()

	if err != nil {
		fields["error"] = err.Error()
		tflog.Warn(ctx, "Azure Resource Manager request failed", fields)
		return resp, err
	}

	fields["http_status"] = resp.StatusCode
	if retryAfter := resp.Header.Get("Retry-After"); retryAfter != "" {
		fields["retry_after"] = retryAfter
	}
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500 {
		tflog.Warn(ctx, "Azure Resource Manager returned a retryable status; azcore retries it while retries remain", fields)
	} else {
		tflog.Debug(ctx, "Received Azure Resource Manager response", fields)
	}

	return resp, nil
}
