// Command dieuhanh runs the work program system of a ward People's Committee.
//
//	dieuhanh serve [--addr 127.0.0.1:8080] [--data ./data] [--db DSN] [--demo] [--clock T]
//	dieuhanh migrate
//	dieuhanh user add|passwd|disable …
//	dieuhanh ward add|list|disable|enable …
//	dieuhanh token create|list --login L, token revoke --id N|--login L
//	dieuhanh backup --out FILE
//	dieuhanh jobs
package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"text/tabwriter"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/demo"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/jobs"
	"dieuhanh/internal/notify"
	"dieuhanh/internal/org"
	"dieuhanh/internal/program"
	"dieuhanh/internal/store"
	"dieuhanh/internal/web"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	os.Exit(exitCode(err, os.Stderr))
}

// exitCode reports a failed command on stderr and gives the process's exit
// status. Asking for -h/--help is not a failure: the flag package has
// printed the options already.
func exitCode(err error, stderr io.Writer) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return 0
	}
	fmt.Fprintln(stderr, "dieuhanh:", errs.Message(err), describe(err))
	return 1
}

// describe adds the cause of internal errors for the operator.
func describe(err error) string {
	var e *errs.Error
	if errors.As(err, &e) && e.Kind != errs.Internal && len(e.Fields) == 0 {
		return ""
	}
	return "(" + err.Error() + ")"
}

const usage = `dieuhanh — hệ thống điều hành chương trình, lịch công tác của UBND phường

Cách dùng:
  dieuhanh serve [--addr 127.0.0.1:8080] [--data ./data] [--db DSN] [--demo] [--clock 2026-12-01T10:00:00+07:00]
  dieuhanh migrate [--data ./data] [--db DSN]
  dieuhanh user add --login L --role R [--person-id N] [--ward MÃ | --ward "Phường X"] [--password P]
  dieuhanh user passwd --login L [--ward MÃ] [--password P]
  dieuhanh user disable|enable --login L [--ward MÃ]
  dieuhanh ward add --code MÃ --name "Phường X" [--place "X"] [--parent "…"] --admin-login L [--password P]
  dieuhanh ward list
  dieuhanh ward disable|enable --code MÃ
  dieuhanh token create --login L [--ward MÃ] [--name N]
  dieuhanh token list --login L [--ward MÃ]
  dieuhanh token revoke --id N | --login L [--ward MÃ]
  dieuhanh backup --out FILE [--data ./data]
  dieuhanh jobs [--data ./data] [--db DSN]   (công việc chạy nền: lần chạy gần nhất, lần tới)
  dieuhanh demo [--wards N] [--history-years 5] [--items 300] [--ward-items 150] [--clock T]   (phường mẫu và lịch sử để đo hiệu năng)

Biến môi trường: DIEUHANH_ADDR, DIEUHANH_DATA, DIEUHANH_DB, DIEUHANH_PASSWORD, DIEUHANH_CLOCK,
DIEUHANH_SECURE_COOKIES, DIEUHANH_JSON_LOGS, DIEUHANH_TRUSTED_PROXY (serve; như các cờ cùng tên).
Gửi thư (thay cho cấu hình trên trang Quản trị, cho mọi phường): DIEUHANH_SMTP_HOST, DIEUHANH_SMTP_PORT,
DIEUHANH_SMTP_USER, DIEUHANH_SMTP_PASSWORD, DIEUHANH_SMTP_TLS (starttls, tls, none), DIEUHANH_MAIL_FROM, DIEUHANH_BASE_URL.
--clock (mọi lệnh): đồng hồ bắt đầu từ thời điểm đã cho rồi chạy tiếp, để tập huấn và kiểm thử.
Không có --db: SQLite nhúng tại <data>/dieuhanh.db; --db postgres://… dùng PostgreSQL.
`

// run is main without the process: tests call it with their own arguments.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errs.E(errs.Invalid, "thiếu lệnh")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return serve(ctx, rest, getenv, stdout, stderr)
	case "migrate":
		fs, cfg := dbFlags("migrate", getenv, stdout)
		if err := parseFlags(fs, rest); err != nil {
			return err
		}
		db, err := openDB(ctx, cfg)
		if err != nil {
			return err
		}
		defer db.Close()
		fmt.Fprintln(stdout, "Đã cập nhật cấu trúc cơ sở dữ liệu.")
		return nil
	case "user":
		return userCmd(ctx, rest, getenv, stdin, stdout)
	case "ward":
		return wardCmd(ctx, rest, getenv, stdin, stdout)
	case "token":
		return tokenCmd(ctx, rest, getenv, stdout)
	case "backup":
		fs, cfg := dbFlags("backup", getenv, stdout)
		out := fs.String("out", "", "tệp sao lưu")
		if err := parseFlags(fs, rest); err != nil {
			return err
		}
		if *out == "" {
			return errs.E(errs.Invalid, "cần --out FILE")
		}
		db, err := openDB(ctx, cfg)
		if err != nil {
			return err
		}
		defer db.Close()
		if err := db.Backup(ctx, *out); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "Đã sao lưu vào", *out)
		return nil
	case "demo":
		return demoCmd(ctx, rest, getenv, stdout)
	case "jobs":
		return jobsCmd(ctx, rest, getenv, stdout)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return errs.Ef(errs.Invalid, "không có lệnh %q", cmd)
}

type dbConfig struct {
	data, dsn, clock *string
}

// dbFlags declares --data, --db and --clock with their environment twins.
// The options (on -h, or after a mistyped flag) are printed on out.
func dbFlags(name string, getenv func(string) string, out io.Writer) (*flag.FlagSet, dbConfig) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	cfg := dbConfig{
		data: fs.String("data", envOr(getenv, "DIEUHANH_DATA", "./data"), "thư mục dữ liệu (SQLite, tệp tải lên)"),
		dsn:  fs.String("db", getenv("DIEUHANH_DB"), "postgres://… (mặc định: SQLite trong thư mục dữ liệu)"),
		clock: fs.String("clock", getenv("DIEUHANH_CLOCK"),
			"đồng hồ bắt đầu từ thời điểm này rồi chạy tiếp, ví dụ 2026-12-01T10:00:00+07:00 (tập huấn, kiểm thử)"),
	}
	return fs, cfg
}

// newApp builds the app on the configured clock: the real one, or with
// --clock one that starts at the given instant and runs forward from there,
// so a training server or a browser test sees the same "today" every run.
func newApp(db *store.DB, log *slog.Logger, cfg dbConfig) (*app.App, error) {
	a := app.New(db, log, *cfg.data)
	if *cfg.clock == "" {
		return a, nil
	}
	start, err := time.Parse(time.RFC3339, *cfg.clock)
	if err != nil {
		return nil, errs.Ef(errs.Invalid, "--clock %q không hợp lệ: cần dạng 2026-12-01T10:00:00+07:00", *cfg.clock)
	}
	origin := time.Now()
	a.Now = func() time.Time { return start.Add(time.Since(origin)) }
	return a, nil
}

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

// openDB opens and migrates the configured database.
func openDB(ctx context.Context, cfg dbConfig) (*store.DB, error) {
	dsn := *cfg.dsn
	if dsn == "" {
		dsn = filepath.Join(*cfg.data, "dieuhanh.db")
	}
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	// Earlier versions kept uploaded files under <data>/files; they move
	// into the database, where every server and every backup sees them.
	if _, err := db.ImportFileDir(ctx, filepath.Join(*cfg.data, "files"), time.Now()); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// serveMemoryLimit is the server's soft memory limit (GOMEMLIMIT wins):
// 64 MiB, and 4 MiB more for each ward the server holds pages of, up to
// 512 MiB. With 20 wards under load at 64 MiB the collector ran without
// pause and the first page measured lost 26–51 requests to timeouts (p99
// 1 s); at 256 MiB none (p99 0.28 s).
func serveMemoryLimit(wards int) int64 {
	return min(64<<20+int64(wards)*(4<<20), 512<<20)
}

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, cfg := dbFlags("serve", getenv, stdout)
	addr := fs.String("addr", envOr(getenv, "DIEUHANH_ADDR", "127.0.0.1:8080"), "địa chỉ lắng nghe")
	withDemo := fs.Bool("demo", false, "nạp phường mẫu khi cơ sở dữ liệu trống")
	secure := fs.Bool("secure-cookies", getenv("DIEUHANH_SECURE_COOKIES") == "true", "cookie chỉ gửi qua HTTPS")
	jsonLogs := fs.Bool("json-logs", getenv("DIEUHANH_JSON_LOGS") == "true", "ghi nhật ký dạng JSON")
	proxies := fs.String("trusted-proxy", getenv("DIEUHANH_TRUSTED_PROXY"), "địa chỉ IP của reverse proxy phía trước, cách nhau bởi dấu phẩy (đếm đăng nhập sai theo địa chỉ trong X-Forwarded-For)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	var handler slog.Handler = slog.NewTextHandler(stderr, nil)
	if *jsonLogs {
		handler = slog.NewJSONHandler(stderr, nil)
	}
	log := slog.New(handler)
	// A soft limit on the Go runtime's memory unless the operator set
	// GOMEMLIMIT: under load the heap grew to twice what it held (the
	// collector's default pace), about 150 MiB resident for some 15 MiB
	// live. Near the limit the collector runs more often; it never refuses
	// memory.
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if getenv("GOMEMLIMIT") == "" {
		var wards int
		if err := db.View(ctx, func(tx *store.Tx) error {
			var err error
			wards, err = tx.CountWards(ctx)
			return err
		}); err != nil {
			return err
		}
		debug.SetMemoryLimit(serveMemoryLimit(wards))
	}
	a, err := newApp(db, log, cfg)
	if err != nil {
		return err
	}
	if *cfg.clock != "" {
		log.Warn("clock set by --clock: not the real time", "now", a.Now().Format(time.RFC3339))
	}
	if exempt, err := db.RowSecurityExempt(ctx); err != nil {
		return err
	} else if exempt {
		log.Warn("PostgreSQL role is a superuser or has BYPASSRLS: row-level security does not apply, the store's scope is the only wall between wards (docs/deploy.md)")
	}
	if err := db.WarmUp(ctx); err != nil {
		return err
	}
	if *withDemo {
		res, err := demo.Load(ctx, db, a.Password, a.Now())
		if err != nil {
			return err
		}
		if err := loadDemoPrograms(ctx, a); err != nil {
			return err
		}
		if res.Loaded {
			log.Info("demo ward loaded", "password", demo.Password)
		}
	}
	if err := configureMail(a, db, getenv, log); err != nil {
		return err
	}
	var trusted []string
	if *proxies != "" {
		trusted = strings.Split(*proxies, ",")
	}
	srv, err := web.New(a, log, web.Options{SecureCookies: *secure, TrustedProxies: trusted})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // uploads up to 20 MB on slow links
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(handler, slog.LevelWarn),
	}
	fmt.Fprintf(stdout, "dieuhanh đang chạy tại http://%s (cơ sở dữ liệu: %s)\n", ln.Addr(), db.Dialect())
	// Background work: the job runner (sweeps, digest, pruning; each
	// occurrence claimed once across servers) and the outbox sender. Both
	// stop with the server, before the database closes.
	bg, stopBg := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() { stopBg(); wg.Wait() }()
	owner := serverIdentity()
	runner := &jobs.Runner{Jobs: a.Jobs(), Claims: store.JobClaims{DB: db}, Now: a.Now, Owner: owner, Log: log}
	wg.Add(2)
	go func() { defer wg.Done(); runner.Loop(bg, 30*time.Second) }()
	go func() { defer wg.Done(); a.RunOutbox(bg, owner, 15*time.Second) }()
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	stopBg()
	// SIGTERM: stop accepting, let requests in flight finish.
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil {
		return err
	}
	log.Info("stopped")
	return nil
}

// serverIdentity names this process in job claims and outbox claims:
// host, process id and a random part (a restarted process is a new owner).
func serverIdentity() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	rand.Read(b)
	return fmt.Sprintf("%s:%d:%s", host, os.Getpid(), hex.EncodeToString(b))
}

// configureMail sets the mail sender and, when DIEUHANH_SMTP_HOST is set,
// the SMTP server of every ward from the environment (it wins over what
// an admin saved). Bad settings stop the server with their message.
func configureMail(a *app.App, db *store.DB, getenv func(string) string, log *slog.Logger) error {
	a.Mailer = notify.Mailer{}
	s, ok, err := notify.FromEnv(getenv)
	if err != nil || !ok {
		return err
	}
	a.MailEnv = &s
	db.SetMailByEnv(true)
	log.Info("email configured by the environment", "host", s.Host, "port", s.Port, "tls", s.TLS, "sender", s.Sender)
	return nil
}

// jobsCmd lists the background jobs with their last and next runs, and
// each ward's digest time.
func jobsCmd(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs, cfg := dbFlags("jobs", getenv, stdout)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	a, err := newApp(db, slog.New(slog.NewTextHandler(io.Discard, nil)), cfg)
	if err != nil {
		return err
	}
	list, err := a.JobStatuses(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CÔNG VIỆC\tLỊCH CHẠY\tLẦN GẦN NHẤT\tKẾT QUẢ\tLẦN TỚI")
	for _, j := range list {
		last, result := "chưa chạy", ""
		if r := j.Last; r != nil {
			last = cliTime(r.At)
			switch {
			case r.Error != "":
				result = "lỗi: " + r.Error
			case r.FinishedAt != nil:
				result = "xong " + cliTime(*r.FinishedAt)
			default:
				result = "đang chạy (" + r.Owner + ")"
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", j.Name, j.Schedule, last, result, cliTime(j.Next))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	digests, err := a.DigestTimes(ctx)
	if err != nil {
		return err
	}
	for _, d := range digests {
		fmt.Fprintf(stdout, "Bản tin hằng ngày của %s: lúc %s mỗi ngày làm việc, lần tới %s\n", d.Ward, d.Time, cliTime(d.Next))
	}
	return nil
}

// readPassword takes --password, then DIEUHANH_PASSWORD, then a line of stdin.
func readPassword(flagValue string, getenv func(string) string, stdin io.Reader, stdout io.Writer) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	if v := getenv("DIEUHANH_PASSWORD"); v != "" {
		return v, nil
	}
	fmt.Fprint(stdout, "Mật khẩu: ")
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", errs.E(errs.Invalid, "cần mật khẩu (--password, DIEUHANH_PASSWORD hoặc nhập từ bàn phím)")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func userCmd(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 {
		return errs.E(errs.Invalid, "cần: user add|passwd|disable|enable")
	}
	sub := args[0]
	fs, cfg := dbFlags("user "+sub, getenv, stdout)
	login := fs.String("login", "", "tên đăng nhập")
	role := fs.String("role", "", "vai trò: admin, chairman, vice_chairman, office, unit_head, unit_staff, viewer")
	personID := fs.Int64("person-id", 0, "mã người sử dụng (xem trang Nhân sự)")
	wardName := fs.String("ward", "", "mã phường (khi có nhiều phường; \"province\": tài khoản cấp tỉnh), hoặc tên phường khi cơ sở dữ liệu chưa có phường nào")
	password := fs.String("password", "", "mật khẩu")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if *login == "" {
		return errs.E(errs.Invalid, "cần --login")
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	a, err := newApp(db, slog.New(slog.NewTextHandler(io.Discard, nil)), cfg)
	if err != nil {
		return err
	}
	switch sub {
	case "add":
		if org.Role(*role).IsProvince() {
			// A province account belongs to no ward.
			if *wardName != "" && *wardName != org.ProvinceCode {
				return errs.E(errs.Invalid, "tài khoản cấp tỉnh không thuộc phường nào: bỏ --ward")
			}
			pw, err := readPassword(*password, getenv, stdin, stdout)
			if err != nil {
				return err
			}
			if _, err := a.CreateProvinceUser(ctx, app.ProvinceSystemActor(), org.UserInput{Login: *login, Role: *role, Password: pw}); err != nil {
				return withFields(err)
			}
			fmt.Fprintln(stdout, "Đã tạo tài khoản cấp tỉnh", *login)
			return nil
		}
		wardID, err := ensureWard(ctx, db, *wardName, a.Now())
		if err != nil {
			return err
		}
		pw, err := readPassword(*password, getenv, stdin, stdout)
		if err != nil {
			return err
		}
		if _, err := a.CreateUser(ctx, app.SystemActor(wardID), org.UserInput{Login: *login, Role: *role, PersonID: *personID, Password: pw}); err != nil {
			return withFields(err)
		}
		fmt.Fprintln(stdout, "Đã tạo tài khoản", *login)
		return nil
	case "passwd", "disable", "enable":
		user, err := findUser(ctx, db, *wardName, *login)
		if err != nil {
			return err
		}
		if user.Role.IsProvince() {
			pw, disabled := "", sub == "disable"
			if sub == "passwd" {
				if pw, err = readPassword(*password, getenv, stdin, stdout); err != nil {
					return err
				}
				disabled = user.Disabled
			}
			err = a.UpdateProvinceUser(ctx, app.ProvinceSystemActor(), user.ID, pw, disabled)
		} else {
			upd := app.UserUpdate{Version: user.Version, Role: string(user.Role), PersonID: user.PersonID, Disabled: sub == "disable"}
			if sub == "passwd" {
				if upd.Password, err = readPassword(*password, getenv, stdin, stdout); err != nil {
					return err
				}
				upd.Disabled = user.Disabled
			}
			err = a.UpdateUser(ctx, app.SystemActor(user.WardID), user.ID, upd)
		}
		if err != nil {
			return withFields(err)
		}
		switch sub {
		case "passwd":
			fmt.Fprintln(stdout, "Đã đổi mật khẩu của", *login)
		case "disable":
			fmt.Fprintln(stdout, "Đã khóa tài khoản", *login)
		default:
			fmt.Fprintln(stdout, "Đã mở khóa tài khoản", *login)
		}
		return nil
	}
	return errs.Ef(errs.Invalid, "không có lệnh user %s", sub)
}

// ensureWard returns the ward an account is added to: on a fresh database
// the one it creates with the given name; with one ward, that ward; with
// several, the one --ward names by code (or by its exact name).
func ensureWard(ctx context.Context, db *store.DB, ward string, now time.Time) (int64, error) {
	ward = strings.TrimSpace(ward)
	var id int64
	err := db.Update(ctx, func(tx *store.Tx) error {
		n, err := tx.CountWards(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			if ward == "" {
				return errs.E(errs.Invalid, "cơ sở dữ liệu chưa có phường: thêm --ward \"Phường …\"")
			}
			place := strings.TrimSpace(strings.TrimPrefix(ward, "Phường"))
			id, err = tx.CreateWard(ctx, org.Ward{Code: "ward", Name: ward, PlaceName: place, Settings: org.DefaultSettings()}, now)
			return err
		}
		if ward == "" {
			if n > 1 {
				return errs.E(errs.Invalid, "có nhiều phường: thêm --ward MÃ (xem dieuhanh ward list)")
			}
			id, err = tx.FirstWardID(ctx)
			return err
		}
		id, err = wardIDOf(ctx, tx, ward)
		return err
	})
	return id, err
}

// wardIDOf finds a ward by its code, or by its exact name.
func wardIDOf(ctx context.Context, tx *store.Tx, ward string) (int64, error) {
	if w, err := tx.WardByCode(ctx, strings.ToLower(ward)); err == nil {
		return w.ID, nil
	} else if !errs.Is(err, errs.NotFound) {
		return 0, err
	}
	list, err := tx.WardStates(ctx)
	if err != nil {
		return 0, err
	}
	for _, w := range list {
		if w.Name == ward {
			return w.ID, nil
		}
	}
	return 0, errs.Ef(errs.NotFound, "không có phường mã hoặc tên %q (xem dieuhanh ward list)", ward)
}

// findUser finds an account by login: in the ward --ward names ("province"
// for a province account), or the only one with that login.
func findUser(ctx context.Context, db *store.DB, ward, login string) (org.User, error) {
	login = strings.ToLower(strings.TrimSpace(login))
	var user org.User
	err := db.View(ctx, func(tx *store.Tx) error {
		var err error
		switch ward = strings.TrimSpace(ward); ward {
		case "":
			user, _, err = tx.UserByLogin(ctx, login)
			if errs.Is(err, errs.Invalid) {
				err = errs.Ef(errs.Invalid, "tên đăng nhập %s có ở nhiều phường: thêm --ward MÃ", login)
			}
			return err
		case org.ProvinceCode:
			user, _, err = tx.UserInWard(ctx, 0, login)
			return err
		}
		id, err := wardIDOf(ctx, tx, ward)
		if err != nil {
			return err
		}
		user, _, err = tx.UserInWard(ctx, id, login)
		return err
	})
	return user, err
}

// wardCmd is the province's operator: wards are added with their first
// admin account, listed, disabled and enabled.
func wardCmd(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 {
		return errs.E(errs.Invalid, "cần: ward add|list|disable|enable")
	}
	sub := args[0]
	fs, cfg := dbFlags("ward "+sub, getenv, stdout)
	code := fs.String("code", "", "mã phường: chữ thường không dấu và số, ví dụ tandinh")
	name := fs.String("name", "", "tên phường, ví dụ \"Phường Tân Định\"")
	place := fs.String("place", "", "địa danh ghi trên văn bản (mặc định: theo tên phường)")
	parent := fs.String("parent", "", "cơ quan cấp trên ghi trên văn bản (tùy chọn)")
	adminLogin := fs.String("admin-login", "", "tên đăng nhập của quản trị phường")
	password := fs.String("password", "", "mật khẩu của quản trị phường")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	switch sub {
	case "add":
		if *code == "" || *name == "" || *adminLogin == "" {
			return errs.E(errs.Invalid, "cần: ward add --code MÃ --name \"Phường X\" --admin-login L")
		}
	case "disable", "enable":
		if *code == "" {
			return errs.Ef(errs.Invalid, "cần: ward %s --code MÃ", sub)
		}
	case "list":
	default:
		return errs.Ef(errs.Invalid, "không có lệnh ward %s", sub)
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	a, err := newApp(db, slog.New(slog.NewTextHandler(io.Discard, nil)), cfg)
	if err != nil {
		return err
	}
	op := app.ProvinceSystemActor()
	switch sub {
	case "add":
		// The input is checked before the password is asked for.
		in := org.WardInput{Code: *code, Name: *name, PlaceName: *place, ParentName: *parent}.Normalize()
		if err := in.Validate(); err != nil {
			return withFields(err)
		}
		pw, err := readPassword(*password, getenv, stdin, stdout)
		if err != nil {
			return err
		}
		w, err := a.AddWard(ctx, op, in, org.UserInput{Login: *adminLogin, Password: pw})
		if err != nil {
			return withFields(err)
		}
		fmt.Fprintf(stdout, "Đã tạo %s (mã %s) với tài khoản quản trị %s.\n", w.Name, w.Code, strings.ToLower(strings.TrimSpace(*adminLogin)))
	case "disable", "enable":
		w, err := a.SetWardDisabled(ctx, op, *code, sub == "disable")
		if err != nil {
			return withFields(err)
		}
		if sub == "disable" {
			fmt.Fprintf(stdout, "Đã ngừng hoạt động %s: tài khoản của phường không đăng nhập được nữa.\n", w.Name)
		} else {
			fmt.Fprintf(stdout, "Đã mở lại hoạt động %s.\n", w.Name)
		}
	case "list":
		list, err := a.WardStates(ctx, op)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "MÃ\tTÊN\tTRẠNG THÁI\tTÀI KHOẢN\tNGÀY TẠO")
		for _, w := range list {
			state := "đang hoạt động"
			if w.DisabledAt != nil {
				state = "ngừng hoạt động từ " + cliTime(*w.DisabledAt)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\n", w.Code, w.Name, state, w.Users, cliTime(w.CreatedAt))
		}
		return tw.Flush()
	}
	return nil
}

// withFields puts field messages into the error text for the terminal.
func withFields(err error) error {
	f := errs.FieldsOf(err)
	if len(f) == 0 {
		return err
	}
	var parts []string
	for _, v := range f {
		parts = append(parts, v)
	}
	return errs.E(errs.Invalid, strings.Join(parts, " "))
}

// tokenCmd creates, lists and revokes API tokens.
func tokenCmd(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 {
		return errs.E(errs.Invalid, "cần: token create|list|revoke")
	}
	sub := args[0]
	fs, cfg := dbFlags("token "+sub, getenv, stdout)
	login := fs.String("login", "", "tên đăng nhập")
	name := fs.String("name", "cli", "ghi chú cho mã truy cập")
	id := fs.Int64("id", 0, "số của mã truy cập (xem token list)")
	ward := fs.String("ward", "", "mã phường của tài khoản (khi có nhiều phường)")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	switch sub {
	case "create", "list":
		if *login == "" {
			return errs.Ef(errs.Invalid, "cần: token %s --login L", sub)
		}
	case "revoke":
		if (*id == 0) == (*login == "") {
			return errs.E(errs.Invalid, "cần: token revoke --id N (một mã) hoặc --login L (mọi mã của tài khoản)")
		}
	default:
		return errs.Ef(errs.Invalid, "không có lệnh token %s", sub)
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	a, err := newApp(db, slog.New(slog.NewTextHandler(io.Discard, nil)), cfg)
	if err != nil {
		return err
	}
	var user org.User
	if *login != "" {
		if user, err = findUser(ctx, db, *ward, *login); err != nil {
			return err
		}
	}
	switch sub {
	case "create":
		if user.Disabled {
			return errs.Ef(errs.Invalid, "tài khoản %s đang bị khóa: mở khóa trước (dieuhanh user enable)", user.Login)
		}
		token, expires, err := a.CreateToken(ctx, user.ID, *name)
		if err != nil {
			return withFields(err)
		}
		fmt.Fprintln(stdout, token)
		fmt.Fprintln(stdout, "Hết hạn:", cliTime(expires))
	case "list":
		list, err := a.TokensOf(ctx, user.ID)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			fmt.Fprintln(stdout, "Tài khoản", user.Login, "chưa có mã truy cập nào.")
			return nil
		}
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "SỐ\tTÊN\tTẠO LÚC\tHẾT HẠN\tTRẠNG THÁI")
		now := a.Now()
		for _, t := range list {
			state := "còn hiệu lực"
			switch {
			case t.RevokedAt != nil:
				state = "đã thu hồi " + cliTime(*t.RevokedAt)
			case !t.ExpiresAt.After(now):
				state = "đã hết hạn"
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", t.ID, t.Name, cliTime(t.CreatedAt), cliTime(t.ExpiresAt), state)
		}
		return tw.Flush()
	case "revoke":
		if *id != 0 {
			if err := a.RevokeToken(ctx, *id); err != nil {
				return err
			}
			fmt.Fprintln(stdout, "Đã thu hồi mã truy cập số", *id)
			return nil
		}
		if err := a.RevokeTokensOf(ctx, user.ID); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "Đã thu hồi mọi mã truy cập của", user.Login)
	}
	return nil
}

// cliTime shows a time as people here read it: dd/mm/yyyy HH:MM, Vietnam.
func cliTime(t time.Time) string { return t.In(calendar.VN()).Format("02/01/2006 15:04") }

// demoCmd loads the demo ward (when the database is empty) and, with
// --history-years, years of issued programs before it, so anyone can
// reproduce the performance figures at a realistic size.
func demoCmd(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs, cfg := dbFlags("demo", getenv, stdout)
	years := fs.Int("history-years", 0, "số năm lịch sử chương trình tháng cần sinh")
	perMonth := fs.Int("items", 300, "số nội dung mỗi tháng của lịch sử")
	wards := fs.Int("wards", 1, "số phường: phường mẫu Hòa Bình và thêm N−1 phường (tên đăng nhập có hậu tố mã phường)")
	wardItems := fs.Int("ward-items", 150, "số nội dung mỗi tháng của lịch sử ở các phường thêm")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *wards < 1 || *wards > 1000 {
		return errs.E(errs.Invalid, "--wards từ 1 đến 1000")
	}
	if *years < 0 || *years > 50 || *perMonth < 1 || *perMonth > 5000 || *wardItems < 1 || *wardItems > 5000 {
		return errs.E(errs.Invalid, "--history-years từ 0 đến 50, --items và --ward-items từ 1 đến 5000")
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	a, err := newApp(db, slog.New(slog.NewTextHandler(io.Discard, nil)), cfg)
	if err != nil {
		return err
	}
	res, err := demo.Load(ctx, db, a.Password, a.Now())
	if err != nil {
		return err
	}
	if err := loadDemoPrograms(ctx, a); err != nil {
		return err
	}
	if res.Loaded {
		fmt.Fprintln(stdout, "Đã nạp phường mẫu Hòa Bình (mật khẩu: "+demo.Password+").")
	}
	added, err := demo.LoadWards(ctx, db, a.Password, a.Now(), *wards)
	if err != nil {
		return err
	}
	if added > 0 {
		code, _ := demo.ExtraWard(1)
		fmt.Fprintf(stdout, "Đã thêm %d phường (tên đăng nhập có hậu tố mã phường, ví dụ vanphong.%s).\n", added, code)
	}
	if *years <= 0 {
		return nil
	}
	// History ends before the demo's three months; every demo ward gets
	// it (the added ones with --ward-items a month), one line per ward.
	last := program.MonthOf(calendar.DateOf(a.Now())).Prev().Prev()
	start := time.Now()
	h := demo.WardsHistory{History: demo.History{Last: last, Months: *years * 12, PerMonth: *perMonth, Seed: 1},
		Wards: *wards, WardPerMonth: *wardItems}
	n, err := demo.GenerateWardsHistory(ctx, db, h, func(code string, items int, took time.Duration) {
		fmt.Fprintf(stdout, "  %s: %d nội dung trong %s\n", code, items, took.Round(time.Millisecond))
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Đã sinh %d nội dung trong %d tháng (đến %s) của %d phường trong %s.\n", n, *years*12, last.Label(), *wards,
		time.Since(start).Round(time.Millisecond))
	return nil
}

// loadDemoPrograms adds the demo programs when the demo ward has no issued
// program yet,
// so a load interrupted between the ward and its programs completes on the
// next start; a ward in real use (with programs) is never touched.
func loadDemoPrograms(ctx context.Context, a *app.App) error {
	var wardCode string
	issued := 0
	err := a.DB.View(ctx, func(tx *store.Tx) error {
		id, err := tx.FirstWardID(ctx)
		if err != nil {
			return err
		}
		w, err := tx.Ward(ctx, id)
		if err != nil {
			return err
		}
		wardCode = w.Code
		ps, err := tx.Programs(ctx, id)
		for _, p := range ps {
			if p.State == "issued" {
				issued++
			}
		}
		return err
	})
	if err != nil || wardCode != demo.WardCode || issued > 0 {
		return err
	}
	return demo.LoadPrograms(ctx, a, a.Now())
}

// parseFlags parses a command's options. On a mistyped option the flag
// package has printed the options already; the error then says so as a
// mistake of the operator, not as a failure of the system.
func parseFlags(fs *flag.FlagSet, args []string) error {
	err := fs.Parse(args)
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return err
	}
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		msg = "không có tùy chọn " + name
	} else if rest, ok := strings.CutPrefix(msg, "invalid value "); ok {
		// invalid value "x" for flag -wards: parse error
		if value, flagName, ok := strings.Cut(rest, " for flag "); ok {
			flagName, _, _ = strings.Cut(flagName, ":")
			msg = "giá trị " + value + " không hợp lệ cho " + flagName
		}
	}
	return errs.Ef(errs.Invalid, "Tùy chọn không hợp lệ (%s): xem danh sách tùy chọn ở trên.", msg)
}
