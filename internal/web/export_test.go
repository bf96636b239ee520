package web

// MistakeWard makes every signed-in ward user look like a user of ward to
// the handlers, while each request stays bound to the user's own ward (see
// Server.wrongWard). Tests only.
func MistakeWard(s *Server, ward int64) { s.wrongWard, s.unscoped = ward, false }

// BypassStoreScoping is MistakeWard with the store's own scoping turned
// off as well: the database's binding is the only wall left. Tests only.
func BypassStoreScoping(s *Server, ward int64) { s.wrongWard, s.unscoped = ward, true }
