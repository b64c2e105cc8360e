package logicapps

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strings"
	"time"
)

// serveEntra serves the Microsoft Entra requests of a client credentials
// grant and reports whether r was one of them:
//
//	GET  /{tenant}/v2.0/.well-known/openid-configuration
//	POST /{tenant}/oauth2/v2.0/token
//
// The client must turn off instance discovery, which would otherwise ask
// the public cloud's authority about this host.
func (s *Server) serveEntra(w http.ResponseWriter, r *http.Request) bool {
	segments := strings.Split(strings.Trim(r.URL.Path, "/"), "/")

	switch {
	case len(segments) == 4 && segments[1] == "v2.0" && segments[2] == ".well-known" &&
		segments[3] == "openid-configuration":
		s.serveDiscovery(w, segments[0])
		return true
	case len(segments) == 4 && segments[1] == "oauth2" && segments[2] == "v2.0" && segments[3] == "token":
		s.serveToken(w, r, segments[0])
		return true
	}

	return false
}

func (s *Server) serveDiscovery(w http.ResponseWriter, tenant string) {
	if !strings.EqualFold(tenant, s.TenantID) {
		writeOAuthError(w, http.StatusBadRequest, "invalid_tenant", "Tenant '"+tenant+"' not found.")
		return
	}

	base := s.URL() + "/" + tenant
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                base + "/v2.0",
		"token_endpoint":                        base + "/oauth2/v2.0/token",
		"authorization_endpoint":                base + "/oauth2/v2.0/authorize",
		"token_endpoint_auth_methods_supported": []string{"client_secret_post"},
		"response_types_supported":              []string{"code", "token"},
		"tenant_region_scope":                   "NA",
	})
}

// serveToken issues an opaque access token for a client credentials grant
// whose client ID, secret and tenant match the server's, and whose scope is
// the server's own audience (its URL followed by /.default).
func (s *Server) serveToken(w http.ResponseWriter, r *http.Request, tenant string) {
	if r.Method != http.MethodPost {
		writeOAuthError(w, http.StatusMethodNotAllowed, "invalid_request", "The token endpoint accepts only POST.")
		return
	}
	if err := r.ParseForm(); err != nil {
		writeOAuthError(w, http.StatusBadRequest, "invalid_request", "The request body is not a form.")
		return
	}

	if problem := s.checkTokenRequest(tenant, r); problem != "" {
		writeOAuthError(w, http.StatusUnauthorized, "invalid_client", problem)
		return
	}

	token := randomHex(24)

	s.mu.Lock()
	s.tokens[token] = time.Now().Add(s.lifetime)
	s.tokenHits++
	s.mu.Unlock()

	seconds := int(s.lifetime / time.Second)
	writeJSON(w, http.StatusOK, map[string]any{
		"token_type":     "Bearer",
		"expires_in":     seconds,
		"ext_expires_in": seconds,
		"access_token":   token,
	})
}

func (s *Server) checkTokenRequest(tenant string, r *http.Request) string {
	switch {
	case !strings.EqualFold(tenant, s.TenantID):
		return "Tenant '" + tenant + "' not found."
	case r.PostForm.Get("grant_type") != "client_credentials":
		return "Only the client_credentials grant is supported."
	case r.PostForm.Get("client_id") != s.ClientID:
		return "Application with identifier '" + r.PostForm.Get("client_id") + "' was not found."
	case r.PostForm.Get("client_secret") != s.ClientSecret:
		return "Invalid client secret provided."
	}

	for scope := range strings.FieldsSeq(r.PostForm.Get("scope")) {
		resource := strings.TrimSuffix(strings.TrimSuffix(scope, "/.default"), "/")
		if resource == s.URL() {
			return ""
		}
	}

	return "The scope must be " + s.URL() + "/.default."
}

// authorize checks the request's bearer token and returns an ARM error code
// and message when it is missing, unknown or expired.
func (s *Server) authorize(r *http.Request) (code, message string) {
	header := r.Header.Get("Authorization")
	token, ok := strings.CutPrefix(header, "Bearer ")
	if !ok || token == "" {
		return "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing."
	}

	s.mu.Lock()
	expiry, known := s.tokens[token]
	s.mu.Unlock()

	switch {
	case !known:
		return "InvalidAuthenticationToken", "The access token is invalid."
	case time.Now().After(expiry):
		return "ExpiredAuthenticationToken", "The access token has expired."
	}

	return "", ""
}

func writeOAuthError(w http.ResponseWriter, status int, code, description string) {
	writeJSON(w, status, map[string]any{
		"error":             code,
		"error_description": description,
		"error_codes":       []int{},
	})
}

func randomHex(n int) string {
	buf := make([]byte, n)
	rand.Read(buf)
	return hex.EncodeToString(buf)
}
