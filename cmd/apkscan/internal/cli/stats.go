package cli

import (
	"context"
	"fmt"
	"github.com/apkscan/apkscan/errs"
	"io"

	"github.com/spf13/cobra"

	"github.com/apkscan/apkscan/sdkdb"
	"github.com/apkscan/apkscan/store"
)

func newStatsCmd(stdout io.Writer) *cobra.Command {
	var (
		db, format string
		top        int
		allBuilds  bool
	)
	c := &cobra.Command{
		Use:   "stats [flags]",
		Short: "Summarise a bulk result database: SDK prevalence, third-party hosts, flows, vendor countries",
		Long: `Summarise a result database written by 'apkscan bulk'.

Each package counts once, by its newest stored build (highest version
code); --all-builds counts every stored build. Shares are of those apps.

Recipients: for each subprocessor list applied (bulk --subprocessors,
apkscan recheck), the parties its cross-checks found, with the apps in
which the list does not declare them; with no list applied, the vendors
of the SDKs and of the flows.`,
		Example: `  apkscan stats --db results.sqlite
  apkscan stats --db postgres://apkscan@db/apkscan --format json --top 0`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "table" && format != "json" {
				return errs.Usage(fmt.Errorf("--format %q: want table or json", format))
			}
			st, err := openExisting(cmd.Context(), db)
			if err != nil {
				return err
			}
			defer st.Close()
			// The signature database names the recipients' legal entities.
			opt := store.StatsOptions{Top: top, AllBuilds: allBuilds}
			if sdb, err := sdkdb.Default(); err == nil {
				opt.Vendor = func(id string) (store.VendorInfo, bool) {
					v := sdb.Vendor(id)
					if v == nil {
						return store.VendorInfo{}, false
					}
					info := store.VendorInfo{Name: v.Name, Country: v.Country}
					if len(v.LegalEntities) > 0 {
						info.LegalEntity = v.LegalEntities[0]
					}
					return info, true
				}
			}
			s, err := st.Stats(cmd.Context(), opt)
			if err != nil {
				return errs.Input(err)
			}
			if format == "json" {
				return store.WriteJSON(stdout, s)
			}
			return s.WriteTable(stdout)
		},
	}
	c.Flags().StringVar(&db, "db", dbDefault(), dbHelp)
	c.Flags().StringVarP(&format, "format", "f", "table", "output format: table|json")
	c.Flags().IntVar(&top, "top", 20, "rows per ranking (0: all)")
	c.Flags().BoolVar(&allBuilds, "all-builds", false, "count every stored build, not only the newest of each package")
	return c
}

// openExisting opens a result database that must already exist.
func openExisting(ctx context.Context, dsn string) (*store.Store, error) {
	st, err := store.OpenExisting(ctx, dsn)
	if err != nil {
		return nil, errs.Input(err)
	}
	return st, nil
}
