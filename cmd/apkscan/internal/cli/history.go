package cli

import (
	"fmt"
	"github.com/apkscan/apkscan/errs"
	"io"

	"github.com/spf13/cobra"

	"github.com/apkscan/apkscan/store"
)

func newHistoryCmd(stdout io.Writer) *cobra.Command {
	var db, format string
	c := &cobra.Command{
		Use:   "history [flags] PACKAGE",
		Short: "List the stored builds of one app, with SDKs and flows added and removed",
		Long: `List every build of PACKAGE in a result database written by
'apkscan bulk', by version code, with the SDKs and flows added and removed
since the build before (flows are matched by fingerprint).`,
		Example: `  apkscan history com.example.app --db results.sqlite
  apkscan history com.example.app --db results.sqlite --format json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "table" && format != "json" {
				return errs.Usage(fmt.Errorf("--format %q: want table or json", format))
			}
			st, err := openExisting(cmd.Context(), db)
			if err != nil {
				return err
			}
			defer st.Close()
			h, err := st.History(cmd.Context(), args[0])
			if err != nil {
				return errs.Input(err)
			}
			if format == "json" {
				return store.WriteJSON(stdout, h)
			}
			return h.WriteTable(stdout)
		},
	}
	c.Flags().StringVar(&db, "db", dbDefault(), dbHelp)
	c.Flags().StringVarP(&format, "format", "f", "table", "output format: table|json")
	return c
}
