package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/spf13/cobra"

	"github.com/apkscan/apkscan/errs"
	"github.com/apkscan/apkscan/web"
)

func newServeCmd() *cobra.Command {
	var (
		db, addr, title string
		public, noSync  bool
	)
	c := &cobra.Command{
		Use:   "serve [flags]",
		Short: "Browse a bulk result database in a local, read-only web UI",
		Long: `Serve a read-only web UI over a result database written by 'apkscan
bulk': an overview (SDK prevalence, vendor countries, undeclared
recipients), a filterable list of apps, app, SDK, vendor and package
history pages, diffs between builds, and the same data as JSON under
/api/ (see web/README.md).

The pages use no JavaScript and load nothing external. They read tables
that 'apkscan bulk' keeps up to date as it stores each build (which
builds are newest, each build's SDKs, vendors, countries, data kinds,
permissions and verdicts, and their counts), so a bulk run writing
meanwhile shows at once. A database written by an older apkscan is
migrated when opened (a couple of minutes for 100,000 apps). At start
serve adds indexes of the base tables and indexes any build that lacks
its derived rows; --no-sync skips this, e.g. on a read-only database.

It listens on loopback only unless --public is given: the UI has no
authentication.`,
		Example: `  apkscan serve --db results.sqlite
  apkscan serve --db postgres://apkscan@db/apkscan --addr 127.0.0.1:9000
  apkscan serve --db results.sqlite --addr 0.0.0.0:8080 --public`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if err := checkServeAddr(addr, public); err != nil {
				return errs.Usage(err)
			}
			st, err := openExisting(ctx, db)
			if err != nil {
				return err
			}
			defer st.Close()
			stderr := cmd.ErrOrStderr()
			if !noSync {
				if err := st.EnsureBrowseSchema(ctx); err != nil {
					return errs.Input(fmt.Errorf("%s: adding indexes: %w (use --no-sync on a read-only database)", st, err))
				}
				t0 := time.Now()
				n, err := st.SyncBrowse(ctx)
				if err != nil {
					return errs.Input(fmt.Errorf("%s: indexing builds for browsing: %w", st, err))
				}
				if n > 0 {
					fmt.Fprintf(stderr, "indexed %d builds for browsing in %s\n", n, time.Since(t0).Round(time.Millisecond))
				}
			}
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return errs.Input(err)
			}
			srv := &http.Server{
				Handler:           web.New(st, web.Options{Title: title, Prewarm: true}),
				ReadHeaderTimeout: 10 * time.Second,
				ReadTimeout:       30 * time.Second,
				WriteTimeout:      2 * time.Minute,
				IdleTimeout:       2 * time.Minute,
				MaxHeaderBytes:    64 << 10,
			}
			fmt.Fprintf(stderr, "serving %s on http://%s/ (Ctrl-C to stop)\n", st, ln.Addr())
			done := make(chan error, 1)
			go func() { done <- srv.Serve(ln) }()
			select {
			case err := <-done:
				return errs.Input(err)
			case <-ctx.Done():
				sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				defer cancel()
				if err := srv.Shutdown(sctx); err != nil {
					return err
				}
				if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
					return err
				}
				return nil
			}
		},
	}
	c.Flags().StringVar(&db, "db", dbDefault(), dbHelp)
	c.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on (host:port; port 0 picks a free one)")
	c.Flags().BoolVar(&public, "public", false, "allow listening on a non-loopback address (the UI has no authentication)")
	c.Flags().StringVar(&title, "title", "", "title shown on every page")
	c.Flags().BoolVar(&noSync, "no-sync", false, "do not add indexes or index unindexed builds at start (read-only database)")
	return c
}

// checkServeAddr refuses a listen address that is not loopback unless
// public is set. An empty or wildcard host (":8080", "0.0.0.0") is not
// loopback; "localhost" is.
func checkServeAddr(addr string, public bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--addr %q: %w", addr, err)
	}
	if public {
		return nil
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("--addr %q is not a loopback address: the UI has no authentication; add --public to serve it to the network", addr)
}
