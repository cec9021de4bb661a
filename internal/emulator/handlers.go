package emulator

import (
	"encoding/json"
	"io"
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
			return 0, nil, errf(http.StatusBadRequest, genesys.CodeInvalidValue, "pageSize must be between 1 and %d, got %q", genesys.MaxPageSize, v)
		}
		size = n
	}
	if v := q.Get("pageNumber"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return 0, nil, errf(http.StatusBadRequest, genesys.CodeInvalidValue, "pageNumber must be 1 or more, got %q", v)
		}
		number = n
	}
	total := len(items)
	count := (total + size - 1) / size
	from := min((number-1)*size, total)
	to := min(from+size, total)
	l := genesys.Listing[T]{
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

func (s *Server) listAuthorizations(r *http.Request, _ principal) (int, any, *apiError) {
	out := make([]genesys.OAuthAuthorization, 0, len(s.st.auths))
	for _, a := range s.st.auths {
		out = append(out, cloneAuth(a))
	}
	return page(r, out)
}

func (s *Server) getAuthorization(r *http.Request, _ principal) (int, any, *apiError) {
	id := r.PathValue("clientId")
	a := s.st.auth(id)
	if a == nil {
		return 0, nil, errf(http.StatusNotFound, genesys.CodeNotFound, "No authorization found for OAuth client %s", id)
	}
	return http.StatusOK, cloneAuth(a), nil
}

// decode reads a JSON body, refusing what does not parse.
func decode(r *http.Request, v any) *apiError {
	data, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return errf(http.StatusBadRequest, genesys.CodeBadRequest, "Could not read the request body")
	}
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return errf(http.StatusBadRequest, genesys.CodeBadRequest, "The request body is not valid: %s", err)
	}
	return nil
}

func (s *Server) authorize(r *http.Request, p principal) (int, any, *apiError) {
	var req genesys.AuthorizeRequest
	if e := decode(r, &req); e != nil {
		return 0, nil, e
	}
	a, e := s.st.authorize(p, req)
	if e != nil {
		return 0, nil, e
	}
	return http.StatusCreated, cloneAuth(a), nil
}

func (s *Server) updateScope(r *http.Request, p principal) (int, any, *apiError) {
	var scopes []string
	if e := decode(r, &scopes); e != nil {
		return 0, nil, e
	}
	a, e := s.st.updateScope(p, r.PathValue("clientId"), scopes)
	if e != nil {
		return 0, nil, e
	}
	return http.StatusOK, cloneAuth(a), nil
}

func (s *Server) addRole(r *http.Request, p principal) (int, any, *apiError) {
	a, e := s.st.addRole(p, r.PathValue("clientId"), r.PathValue("roleId"))
	if e != nil {
		return 0, nil, e
	}
	return http.StatusOK, cloneAuth(a), nil
}

func (s *Server) removeRole(r *http.Request, p principal) (int, any, *apiError) {
	if e := s.st.removeRole(p, r.PathValue("clientId"), r.PathValue("roleId")); e != nil {
		return 0, nil, e
	}
	return http.StatusNoContent, nil, nil
}

func (s *Server) revoke(r *http.Request, p principal) (int, any, *apiError) {
	s.st.revoke(p, r.PathValue("clientId"))
	return http.StatusNoContent, nil, nil
}

func (s *Server) listClients(r *http.Request, _ principal) (int, any, *apiError) {
	filter := r.URL.Query().Get("builtIn")
	if filter != "" && filter != "true" && filter != "false" {
		return 0, nil, errf(http.StatusBadRequest, genesys.CodeInvalidValue, "builtIn must be true or false, got %q", filter)
	}
	out := []genesys.OAuthClient{}
	for _, c := range s.st.clients {
		if filter == "" || strconv.FormatBool(c.BuiltIn) == filter {
			out = append(out, *c)
		}
	}
	return page(r, out)
}

func (s *Server) getClient(r *http.Request, _ principal) (int, any, *apiError) {
	id := r.PathValue("clientId")
	c := s.st.client(id)
	if c == nil {
		return 0, nil, errf(http.StatusNotFound, genesys.CodeNotFound, "OAuth client %s not found", id)
	}
	return http.StatusOK, *c, nil
}

func (s *Server) listRoles(r *http.Request, _ principal) (int, any, *apiError) {
	name := r.URL.Query().Get("name")
	out := []genesys.Role{}
	for _, role := range s.st.roles {
		if name == "" || strings.EqualFold(role.Name, name) {
			out = append(out, role)
		}
	}
	return page(r, out)
}

func (s *Server) listScopes(r *http.Request, _ principal) (int, any, *apiError) {
	return page(r, s.st.scopes)
}
