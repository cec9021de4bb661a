package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/genesysauth/terraform-provider-genesysauth/internal/genesys"
)

// page cuts one page out of items after checking pageSize and pageNumber.
func page[T any](r *http.Request, items []T) (int, any, *apiError) {
	size, number := 25, 1
	q := r.URL.Query()
	if v := q.Get("pageSize"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > genesys.MaxPageSize {
			return 0, nil, errf(http.StatusBadRequest, genesys.CodeInvalidValue, "pageSize must be between 1 and %d, got %q", genesys.MaxPageSize, v).on("pageSize")
		}
		size = n
	}
	if v := q.Get("pageNumber"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return 0, nil, errf(http.StatusBadRequest, genesys.CodeInvalidValue, "pageNumber must be 1 or more, got %q", v).on("pageNumber")
		}
		number = n
	}
	total := len(items)
	count := (total + size - 1) / size
	from := min((number-1)*size, total)
	to := min(from+size, total)
	l := Listing[T]{
		Entities: items[from:to], PageSize: size, PageNumber: number, Total: total, PageCount: count,
		SelfURI:  pageURI(r, size, number),
		FirstURI: pageURI(r, size, 1),
		LastURI:  pageURI(r, size, max(count, 1)),
	}
	if l.Entities == nil {
		l.Entities = []T{}
	}
	if number < count {
		l.NextURI = pageURI(r, size, number+1)
	}
	if number > 1 {
		l.PreviousURI = pageURI(r, size, number-1)
	}
	return http.StatusOK, l, nil
}

func pageURI(r *http.Request, size, number int) string {
	q := url.Values{}
	for k, v := range r.URL.Query() {
		q[k] = v
	}
	q.Set("pageSize", strconv.Itoa(size))
	q.Set("pageNumber", strconv.Itoa(number))
	return r.URL.Path + "?" + q.Encode()
}

// unpaged renders a listing that is not paged (OAuthAuthorizationListing,
// OAuthScopeListing): entities, total and selfUri, whatever the query.
func unpaged[T any](r *http.Request, items []T) (int, any, *apiError) {
	if items == nil {
		items = []T{}
	}
	return http.StatusOK, map[string]any{"entities": items, "total": len(items), "selfUri": r.URL.Path}, nil
}

func (s *Server) listAuthorizations(_ http.ResponseWriter, r *http.Request, _ principal) (int, any, *apiError) {
	out := make([]genesys.OAuthAuthorization, 0, len(s.st.auths))
	for _, a := range s.st.auths {
		out = append(out, cloneAuth(a))
	}
	return unpaged(r, out)
}

func (s *Server) getAuthorization(_ http.ResponseWriter, r *http.Request, _ principal) (int, any, *apiError) {
	id := r.PathValue("clientId")
	a := s.st.auth(id)
	if a == nil {
		return 0, nil, errf(http.StatusNotFound, genesys.CodeNotFound, "No authorization found for OAuth client %s", id)
	}
	return http.StatusOK, cloneAuth(a), nil
}

// MaxBodyBytes caps every request body the emulator reads.
const MaxBodyBytes = 1 << 20

// decodeBody reads a JSON body of at most MaxBodyBytes, refusing another
// content type, an oversized body (413, said as such) and unknown fields.
// Errors never echo the body.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) *apiError {
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(strings.ToLower(strings.TrimSpace(ct)), "application/json") {
		return errf(http.StatusUnsupportedMediaType, genesys.CodeBadRequest, "The request body must be application/json")
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return errf(http.StatusRequestEntityTooLarge, genesys.CodeBadRequest, "The request body is larger than %d bytes", MaxBodyBytes)
		}
		return errf(http.StatusBadRequest, genesys.CodeBadRequest, "Could not read the request body")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return errf(http.StatusBadRequest, genesys.CodeBadRequest, "The request body is not valid: %s", genesys.Clip(err.Error(), 200))
	}
	if dec.More() {
		return errf(http.StatusBadRequest, genesys.CodeBadRequest, "The request body has data after its JSON value")
	}
	return nil
}

// putAuthorization is the internal PUT: the body is an OAuthAuthorization
// whose client (if named) must be the one of the path; its scope and roles
// are the whole desired record.
func (s *Server) putAuthorization(w http.ResponseWriter, r *http.Request, p principal) (int, any, *apiError) {
	var body genesys.OAuthAuthorization
	if e := decodeBody(w, r, &body); e != nil {
		return 0, nil, e
	}
	id := r.PathValue("clientId")
	if body.Client.ID != "" && !strings.EqualFold(body.Client.ID, id) {
		return 0, nil, errf(http.StatusBadRequest, genesys.CodeInvalidValue, "client.id %s does not match the path's client %s", genesys.Clip(body.Client.ID, 64), id).on("client.id")
	}
	if body.Scope == nil {
		return 0, nil, errf(http.StatusBadRequest, genesys.CodeInvalidValue, "scope is required").on("scope")
	}
	a, e := s.st.put(p, id, body.Scope, body.Roles)
	if e != nil {
		return 0, nil, e
	}
	return http.StatusOK, cloneAuth(a), nil
}

// revoke answers 404 for a client that does not exist (deleted, or never
// was), 204 otherwise, whether or not it changed anything.
func (s *Server) revoke(_ http.ResponseWriter, r *http.Request, p principal) (int, any, *apiError) {
	id := r.PathValue("clientId")
	if s.st.client(id) == nil && s.st.auth(id) == nil {
		return 0, nil, errf(http.StatusNotFound, genesys.CodeNotFound, "OAuth client %s not found", id)
	}
	if a := s.st.auth(id); a != nil && a.State == genesys.StateRequested && s.opts.KeepRequestsOnRevoke {
		return http.StatusNoContent, nil, nil
	}
	s.st.revoke(p, id)
	return http.StatusNoContent, nil, nil
}

func (s *Server) listClients(_ http.ResponseWriter, r *http.Request, _ principal) (int, any, *apiError) {
	out := []genesys.OAuthClient{}
	for _, c := range s.st.clients {
		out = append(out, *c)
	}
	return page(r, out)
}

func (s *Server) getClient(_ http.ResponseWriter, r *http.Request, _ principal) (int, any, *apiError) {
	id := r.PathValue("clientId")
	c := s.st.client(id)
	if c == nil {
		return 0, nil, errf(http.StatusNotFound, genesys.CodeNotFound, "OAuth client %s not found", id)
	}
	return http.StatusOK, *c, nil
}

func (s *Server) listRoles(_ http.ResponseWriter, r *http.Request, _ principal) (int, any, *apiError) {
	name := r.URL.Query().Get("name")
	out := []genesys.Role{}
	for _, role := range s.st.roles {
		if name == "" || strings.EqualFold(role.Name, name) {
			out = append(out, role)
		}
	}
	return page(r, out)
}

func (s *Server) listScopes(_ http.ResponseWriter, r *http.Request, _ principal) (int, any, *apiError) {
	return unpaged(r, s.st.scopes)
}

// getOrganization answers the organization of the caller's token (public;
// "Requires NO permissions").
func (s *Server) getOrganization(_ http.ResponseWriter, _ *http.Request, _ principal) (int, any, *apiError) {
	o := s.st.organization
	o.Features = maps.Clone(o.Features)
	return http.StatusOK, o, nil
}

// Listing is the Genesys Cloud paging envelope the emulator serves (public; the
// *EntityListing models). Unpaged listings (OAuthAuthorizationListing,
// OAuthScopeListing) have only entities, total and selfUri.
type Listing[T any] struct {
	Entities    []T    `json:"entities"`
	PageSize    int    `json:"pageSize"`
	PageNumber  int    `json:"pageNumber"`
	Total       int    `json:"total"`
	PageCount   int    `json:"pageCount"`
	SelfURI     string `json:"selfUri,omitempty"`
	FirstURI    string `json:"firstUri,omitempty"`
	NextURI     string `json:"nextUri,omitempty"`
	PreviousURI string `json:"previousUri,omitempty"`
	LastURI     string `json:"lastUri,omitempty"`
}
