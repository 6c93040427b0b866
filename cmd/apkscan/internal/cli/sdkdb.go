package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"github.com/apkscan/apkscan/errs"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/apkscan/apkscan/reports"
	"github.com/apkscan/apkscan/sdkdb"
	"github.com/apkscan/apkscan/sdkdb/exodus"
)

func newSDKDBCmd(stdout io.Writer) *cobra.Command {
	c := &cobra.Command{
		Use:   "sdkdb",
		Short: "Inspect, validate and import the SDK signature database",
	}
	c.AddCommand(sdkdbValidate(stdout), sdkdbLint(stdout), sdkdbList(stdout), sdkdbImportExodus(stdout))
	return c
}

// dbFor loads the built-in database, merged with dir when given.
func dbFor(dir string) (*sdkdb.DB, error) {
	db, err := sdkdb.Default()
	if err != nil {
		return nil, err
	}
	if dir == "" {
		return db, nil
	}
	over, err := sdkdb.LoadDir(dir)
	if err != nil {
		return nil, errs.Input(err)
	}
	return db.Merge(over), nil
}

func sdkdbValidate(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "validate [DIR]",
		Short: "Check the database (built-in, or merged with DIR): syntax, references, vocabularies, true/false-positive samples",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := ""
			if len(args) == 1 {
				dir = args[0]
			}
			db, err := dbFor(dir)
			if err != nil {
				return err
			}
			verrs := db.Validate()
			for _, e := range verrs {
				fmt.Fprintln(stdout, reports.Sanitize(e.Error(), 500))
			}
			if len(verrs) > 0 {
				return errs.Findings(fmt.Errorf("%d problems", len(verrs)))
			}
			fmt.Fprintf(stdout, "ok: %d SDKs, %d vendors, sdkdb %s, digest %s\n", len(db.SDKs()), len(db.Vendors()), db.Version(), db.Digest())
			return nil
		},
	}
}

func sdkdbLint(stdout io.Writer) *cobra.Command {
	var all bool
	c := &cobra.Command{
		Use:   "lint [DIR]",
		Short: "Report over-broad signatures (framework namespaces, generic hosts, one SDK swallowing another)",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := ""
			if len(args) == 1 {
				dir = args[0]
			}
			db, err := dbFor(dir)
			if err != nil {
				return err
			}
			nerr := 0
			for _, f := range db.Lint() {
				if f.Level == sdkdb.LevelError {
					nerr++
				}
				if f.Level == sdkdb.LevelInfo && !all {
					continue
				}
				fmt.Fprintln(stdout, f.String())
			}
			if nerr > 0 {
				return errs.Findings(fmt.Errorf("%d lint errors", nerr))
			}
			return nil
		},
	}
	c.Flags().BoolVar(&all, "all", false, "also print info-level findings")
	return c
}

func sdkdbList(stdout io.Writer) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "list",
		Short: "List the SDKs of the database",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			db, err := sdkdb.Default()
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(listEntries(db))
			}
			for _, s := range db.SDKs() {
				country := ""
				if v := db.Vendor(s.Vendor); v != nil {
					country = v.Country
				}
				cats := make([]string, 0, len(s.Categories))
				for _, c := range s.Categories {
					cats = append(cats, string(c))
				}
				ex := ""
				if s.ExodusID != 0 {
					ex = fmt.Sprintf("exodus:%d", s.ExodusID)
				}
				fmt.Fprintf(stdout, "%-40s %-30s %-3s %-10s %s\n", s.ID, s.Vendor, country, ex, strings.Join(cats, ","))
			}
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print the entries as JSON")
	return c
}

// listEntry is an SDK as `sdkdb list --json` prints it: the entry, with
// its vendor id replaced by the vendor object.
type listEntry struct {
	*sdkdb.SDK
	Vendor listVendor `json:"vendor"`
}

type listVendor struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	LegalEntity string `json:"legal_entity,omitempty"`
	Country     string `json:"country,omitempty"`
	EUEntity    string `json:"eu_entity,omitempty"`
	Parent      string `json:"parent,omitempty"`
	SelfHosted  bool   `json:"self_hosted,omitempty"`
}

func listEntries(db *sdkdb.DB) []listEntry {
	out := make([]listEntry, 0, len(db.SDKs()))
	for _, s := range db.SDKs() {
		e := listEntry{SDK: s, Vendor: listVendor{ID: s.Vendor, Name: s.Vendor}}
		if v := db.Vendor(s.Vendor); v != nil {
			e.Vendor = listVendor{ID: v.ID, Name: v.Name, Country: v.Country, EUEntity: v.EUEntity, Parent: v.Parent, SelfHosted: v.SelfHosted}
			if len(v.LegalEntities) > 0 {
				e.Vendor.LegalEntity = v.LegalEntities[0]
			}
		}
		out = append(out, e)
	}
	return out
}

func sdkdbImportExodus(stdout io.Writer) *cobra.Command {
	var out string
	c := &cobra.Command{
		Use:   "import-exodus FILE --out DIR",
		Short: "Convert an Exodus Privacy tracker list (API format) into sdkdb YAML files (ODbL 1.0, attribution kept)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				return errs.Usage(errors.New("--out DIR is required (the built-in data lives in sdkdb/data/exodus)"))
			}
			// The curated vendors' exodus_trackers and the curated SDKs'
			// exodus_id steer the import (built-in database).
			db, err := sdkdb.Default()
			if err != nil {
				return errs.Input(err)
			}
			sdks, vendors, err := exodus.ImportFile(args[0], exodus.CuratedFrom(db))
			if err != nil {
				return errs.Input(err)
			}
			if err := exodus.WriteDir(out, sdks, vendors); err != nil {
				return errs.Input(err)
			}
			fmt.Fprintf(stdout, "wrote %d SDKs and %d vendors to %s\n", len(sdks), len(vendors), out)
			return nil
		},
	}
	c.Flags().StringVar(&out, "out", "", "output directory")
	return c
}
