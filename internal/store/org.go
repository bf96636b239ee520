package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"dieuhanh/internal/errs"
	"dieuhanh/internal/org"
	"dieuhanh/internal/vntext"
)

// CountWards returns how many wards exist (0 means a fresh database).
func (tx *Tx) CountWards(ctx context.Context) (int, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM wards`).Scan(&n)
	return n, errs.Wrap(err, "store: count wards")
}

// CreateWard inserts a ward.
func (tx *Tx) CreateWard(ctx context.Context, w org.Ward, now time.Time) (int64, error) {
	settings, err := json.Marshal(w.Settings)
	if err != nil {
		return 0, err
	}
	id, err := tx.insert(ctx, `INSERT INTO wards (code, name, place_name, parent_name, settings, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, w.Code, w.Name, w.PlaceName, w.ParentName, string(settings), now.UTC())
	if IsUniqueViolation(err) {
		return 0, errs.Ef(errs.Conflict, "Mã phường %q đã tồn tại.", w.Code)
	}
	return id, errs.Wrap(err, "store: create ward")
}

// Ward returns one ward with its settings (defaults filled in).
func (tx *Tx) Ward(ctx context.Context, id int64) (org.Ward, error) {
	id = tx.scope(id)
	return scanWard(tx.queryRow(ctx, `SELECT `+wardCols+` FROM wards WHERE id = $1`, id))
}

const wardCols = `id, code, name, place_name, parent_name, settings, version, created_at, disabled_at`

func scanWard(s interface{ Scan(...any) error }, more ...any) (org.Ward, error) {
	var w org.Ward
	var settings string
	var disabled sql.NullTime
	dest := append([]any{&w.ID, &w.Code, &w.Name, &w.PlaceName, &w.ParentName, &settings, &w.Version, &w.CreatedAt, &disabled}, more...)
	if err := s.Scan(dest...); err != nil {
		return w, notFound(err, "phường")
	}
	if disabled.Valid {
		at := disabled.Time
		w.DisabledAt = &at
	}
	if err := json.Unmarshal([]byte(settings), &w.Settings); err != nil {
		return w, errs.Wrap(err, "store: ward settings")
	}
	w.Settings = w.Settings.WithDefaults()
	return w, nil
}

// FirstWardID returns the first ward (single-ward deployments, the CLI).
func (tx *Tx) FirstWardID(ctx context.Context) (int64, error) {
	var id int64
	err := tx.queryRow(ctx, `SELECT id FROM wards ORDER BY id LIMIT 1`).Scan(&id)
	return id, notFound(err, "phường")
}

// UpdateWard saves the ward's names and settings if version is current.
func (tx *Tx) UpdateWard(ctx context.Context, w org.Ward) error {
	w.ID = tx.scope(w.ID)
	settings, err := json.Marshal(w.Settings)
	if err != nil {
		return err
	}
	old, err := tx.Ward(ctx, w.ID)
	if err != nil {
		return err
	}
	res, err := tx.exec(ctx, `UPDATE wards SET name = $1, place_name = $2, parent_name = $3, settings = $4,
		version = version + 1 WHERE id = $5 AND version = $6`,
		w.Name, w.PlaceName, w.ParentName, string(settings), w.ID, w.Version)
	if err != nil {
		return errs.Wrap(err, "store: update ward")
	}
	if err := checkVersion(res, "Thông tin phường"); err != nil {
		return err
	}
	if old.Settings.CultureDayHoliday != w.Settings.CultureDayHoliday || old.Settings.DueBeforeRollForward != w.Settings.DueBeforeRollForward {
		// The calendar's rules changed: the stored "completed late" flags follow.
		_, err = tx.RefreshCompletedLate(ctx, w.ID)
	}
	return err
}

func checkVersion(res sql.Result, what string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return errs.Wrap(err, "store: rows affected")
	}
	if n == 0 {
		return stale(what)
	}
	return nil
}

const unitCols = `id, ward_id, code, name, kind, sort_order, version`

func scanUnit(s interface{ Scan(...any) error }) (org.Unit, error) {
	var u org.Unit
	err := s.Scan(&u.ID, &u.WardID, &u.Code, &u.Name, &u.Kind, &u.SortOrder, &u.Version)
	return u, err
}

// Units lists the ward's units in display order.
func (tx *Tx) Units(ctx context.Context, wardID int64) ([]org.Unit, error) {
	wardID = tx.scope(wardID)
	rows, err := tx.query(ctx, `SELECT `+unitCols+` FROM units WHERE ward_id = $1 ORDER BY sort_order, code`, wardID)
	if err != nil {
		return nil, errs.Wrap(err, "store: units")
	}
	defer rows.Close()
	var out []org.Unit
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, errs.Wrap(err, "store: scan unit")
		}
		out = append(out, u)
	}
	return out, errs.Wrap(rows.Err(), "store: units")
}

// Unit returns one unit of the ward.
func (tx *Tx) Unit(ctx context.Context, wardID, id int64) (org.Unit, error) {
	wardID = tx.scope(wardID)
	u, err := scanUnit(tx.queryRow(ctx, `SELECT `+unitCols+` FROM units WHERE ward_id = $1 AND id = $2`, wardID, id))
	return u, notFound(err, "đơn vị")
}

// UnitByCode returns the ward's unit with that code.
func (tx *Tx) UnitByCode(ctx context.Context, wardID int64, code string) (org.Unit, error) {
	wardID = tx.scope(wardID)
	u, err := scanUnit(tx.queryRow(ctx, `SELECT `+unitCols+` FROM units WHERE ward_id = $1 AND code = $2`, wardID, code))
	return u, notFound(err, "đơn vị "+code)
}

// CreateUnit inserts a unit; a duplicate code is a field error.
func (tx *Tx) CreateUnit(ctx context.Context, wardID int64, in org.UnitInput) (int64, error) {
	wardID = tx.scope(wardID)
	id, err := tx.insert(ctx, `INSERT INTO units (ward_id, code, name, kind, sort_order) VALUES ($1, $2, $3, $4, $5)`,
		wardID, in.Code, in.Name, in.Kind, in.SortOrder)
	if IsUniqueViolation(err) {
		return 0, duplicateCode(in.Code)
	}
	return id, errs.Wrap(err, "store: create unit")
}

func duplicateCode(code string) error {
	return errs.Fields{"code": "Mã đơn vị " + code + " đã được dùng cho đơn vị khác."}.Err()
}

// UpdateUnit saves a unit if version is current.
func (tx *Tx) UpdateUnit(ctx context.Context, wardID, id int64, version int, in org.UnitInput) error {
	wardID = tx.scope(wardID)
	res, err := tx.exec(ctx, `UPDATE units SET code = $1, name = $2, kind = $3, sort_order = $4, version = version + 1
		WHERE ward_id = $5 AND id = $6 AND version = $7`, in.Code, in.Name, in.Kind, in.SortOrder, wardID, id, version)
	if IsUniqueViolation(err) {
		return duplicateCode(in.Code)
	}
	if err != nil {
		return errs.Wrap(err, "store: update unit")
	}
	return checkVersion(res, "Đơn vị")
}

const personCols = `p.id, p.ward_id, COALESCE(p.unit_id, 0), p.full_name, p.title, p.email, p.phone, p.version,
	COALESCE(u.code, ''), COALESCE(u.name, '')`

func scanPerson(s interface{ Scan(...any) error }) (org.Person, error) {
	var p org.Person
	err := s.Scan(&p.ID, &p.WardID, &p.UnitID, &p.FullName, &p.Title, &p.Email, &p.Phone, &p.Version, &p.UnitCode, &p.UnitName)
	return p, err
}

// People lists the ward's people, by unit order then name.
func (tx *Tx) People(ctx context.Context, wardID int64) ([]org.Person, error) {
	wardID = tx.scope(wardID)
	rows, err := tx.query(ctx, `SELECT `+personCols+` FROM people p LEFT JOIN units u ON u.id = p.unit_id
		WHERE p.ward_id = $1 ORDER BY COALESCE(u.sort_order, -1), p.id`, wardID)
	if err != nil {
		return nil, errs.Wrap(err, "store: people")
	}
	defer rows.Close()
	var out []org.Person
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, errs.Wrap(err, "store: scan person")
		}
		out = append(out, p)
	}
	return out, errs.Wrap(rows.Err(), "store: people")
}

// Person returns one person of the ward.
func (tx *Tx) Person(ctx context.Context, wardID, id int64) (org.Person, error) {
	wardID = tx.scope(wardID)
	p, err := scanPerson(tx.queryRow(ctx, `SELECT `+personCols+` FROM people p LEFT JOIN units u ON u.id = p.unit_id
		WHERE p.ward_id = $1 AND p.id = $2`, wardID, id))
	return p, notFound(err, "người")
}

// CreatePerson inserts a person.
func (tx *Tx) CreatePerson(ctx context.Context, wardID int64, in org.PersonInput) (int64, error) {
	wardID = tx.scope(wardID)
	id, err := tx.insert(ctx, `INSERT INTO people (ward_id, unit_id, full_name, title, email, phone, search_text)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, wardID, nullInt(in.UnitID), in.FullName, in.Title, in.Email, in.Phone,
		vntext.Fold(in.FullName+" "+in.Title))
	return id, errs.Wrap(err, "store: create person")
}

// UpdatePerson saves a person if version is current.
func (tx *Tx) UpdatePerson(ctx context.Context, wardID, id int64, version int, in org.PersonInput) error {
	wardID = tx.scope(wardID)
	res, err := tx.exec(ctx, `UPDATE people SET unit_id = $1, full_name = $2, title = $3, email = $4, phone = $5,
		search_text = $6, version = version + 1 WHERE ward_id = $7 AND id = $8 AND version = $9`,
		nullInt(in.UnitID), in.FullName, in.Title, in.Email, in.Phone, vntext.Fold(in.FullName+" "+in.Title), wardID, id, version)
	if err != nil {
		return errs.Wrap(err, "store: update person")
	}
	return checkVersion(res, "Thông tin người")
}

// Leaders lists the ward's leaders with their portfolios, Chairman first.
func (tx *Tx) Leaders(ctx context.Context, wardID int64) ([]org.Leader, error) {
	wardID = tx.scope(wardID)
	rows, err := tx.query(ctx, `SELECT l.id, l.ward_id, l.person_id, p.full_name, COALESCE(us.login, ''), l.position,
			l.sort_order, l.version
		FROM leaders l JOIN people p ON p.id = l.person_id
		LEFT JOIN users us ON us.person_id = p.id
		WHERE l.ward_id = $1
		ORDER BY CASE l.position WHEN 'chairman' THEN 0 ELSE 1 END, l.sort_order, l.id`, wardID)
	if err != nil {
		return nil, errs.Wrap(err, "store: leaders")
	}
	var out []org.Leader
	index := map[int64]int{}
	for rows.Next() {
		var l org.Leader
		if err := rows.Scan(&l.ID, &l.WardID, &l.PersonID, &l.FullName, &l.Login, &l.Position, &l.SortOrder, &l.Version); err != nil {
			rows.Close()
			return nil, errs.Wrap(err, "store: scan leader")
		}
		if _, dup := index[l.ID]; dup { // a person with two accounts
			continue
		}
		index[l.ID] = len(out)
		out = append(out, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, errs.Wrap(err, "store: leaders")
	}
	prow, err := tx.query(ctx, `SELECT po.id, po.leader_id, po.name, COALESCE(pu.unit_id, 0)
		FROM portfolios po LEFT JOIN portfolio_units pu ON pu.portfolio_id = po.id
		WHERE po.ward_id = $1 ORDER BY po.leader_id, po.sort_order, po.id, pu.unit_id`, wardID)
	if err != nil {
		return nil, errs.Wrap(err, "store: portfolios")
	}
	defer prow.Close()
	for prow.Next() {
		var pid, lid, uid int64
		var name string
		if err := prow.Scan(&pid, &lid, &name, &uid); err != nil {
			return nil, errs.Wrap(err, "store: scan portfolio")
		}
		i, ok := index[lid]
		if !ok {
			continue
		}
		ps := out[i].Portfolios
		if n := len(ps); n == 0 || ps[n-1].ID != pid {
			ps = append(ps, org.Portfolio{ID: pid, LeaderID: lid, Name: name})
		}
		if uid != 0 {
			ps[len(ps)-1].UnitIDs = append(ps[len(ps)-1].UnitIDs, uid)
		}
		out[i].Portfolios = ps
	}
	return out, errs.Wrap(prow.Err(), "store: portfolios")
}

// Leader returns one leader with portfolios.
func (tx *Tx) Leader(ctx context.Context, wardID, id int64) (org.Leader, error) {
	wardID = tx.scope(wardID)
	all, err := tx.Leaders(ctx, wardID)
	if err != nil {
		return org.Leader{}, err
	}
	for _, l := range all {
		if l.ID == id {
			return l, nil
		}
	}
	return org.Leader{}, errs.E(errs.NotFound, "Không tìm thấy lãnh đạo.")
}

// CreateLeader inserts a leader and the portfolios.
func (tx *Tx) CreateLeader(ctx context.Context, wardID int64, in org.LeaderInput) (int64, error) {
	wardID = tx.scope(wardID)
	id, err := tx.insert(ctx, `INSERT INTO leaders (ward_id, person_id, position, sort_order) VALUES ($1, $2, $3, $4)`,
		wardID, in.PersonID, in.Position, in.SortOrder)
	if IsUniqueViolation(err) {
		return 0, errs.Fields{"person_id": "Người này đã là lãnh đạo UBND."}.Err()
	}
	if err != nil {
		return 0, errs.Wrap(err, "store: create leader")
	}
	return id, tx.replacePortfolios(ctx, wardID, id, in.Portfolios)
}

// UpdateLeader saves a leader and replaces the portfolios if version is current.
func (tx *Tx) UpdateLeader(ctx context.Context, wardID, id int64, version int, in org.LeaderInput) error {
	wardID = tx.scope(wardID)
	res, err := tx.exec(ctx, `UPDATE leaders SET person_id = $1, position = $2, sort_order = $3, version = version + 1
		WHERE ward_id = $4 AND id = $5 AND version = $6`, in.PersonID, in.Position, in.SortOrder, wardID, id, version)
	if IsUniqueViolation(err) {
		return errs.Fields{"person_id": "Người này đã là lãnh đạo UBND."}.Err()
	}
	if err != nil {
		return errs.Wrap(err, "store: update leader")
	}
	if err := checkVersion(res, "Thông tin lãnh đạo"); err != nil {
		return err
	}
	return tx.replacePortfolios(ctx, wardID, id, in.Portfolios)
}

func (tx *Tx) replacePortfolios(ctx context.Context, wardID, leaderID int64, ps []org.PortfolioInput) error {
	wardID = tx.scope(wardID)
	if _, err := tx.exec(ctx, `DELETE FROM portfolio_units WHERE portfolio_id IN
		(SELECT id FROM portfolios WHERE leader_id = $1)`, leaderID); err != nil {
		return errs.Wrap(err, "store: clear portfolio units")
	}
	if _, err := tx.exec(ctx, `DELETE FROM portfolios WHERE leader_id = $1`, leaderID); err != nil {
		return errs.Wrap(err, "store: clear portfolios")
	}
	for i, p := range ps {
		pid, err := tx.insert(ctx, `INSERT INTO portfolios (ward_id, leader_id, name, sort_order) VALUES ($1, $2, $3, $4)`,
			wardID, leaderID, p.Name, i)
		if err != nil {
			return errs.Wrap(err, "store: create portfolio")
		}
		seen := map[int64]bool{}
		for _, u := range p.UnitIDs {
			if seen[u] {
				continue
			}
			seen[u] = true
			if _, err := tx.exec(ctx, `INSERT INTO portfolio_units (portfolio_id, unit_id) VALUES ($1, $2)`, pid, u); err != nil {
				return errs.Wrap(err, "store: portfolio unit")
			}
		}
	}
	return nil
}
