package web

// BypassStoreScoping makes every signed-in ward user look like a user of
// ward to the handlers and the store's filters, while the database keeps
// binding each request to the user's own ward (see Server.storeSeesWard).
// Tests only.
func BypassStoreScoping(s *Server, ward int64) { s.storeSeesWard = ward }
