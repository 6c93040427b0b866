package scan

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/apkscan/apkscan/reports"
	"github.com/apkscan/apkscan/sdkdb"
)

// The evidence-rules fixtures (testdata/rules, built by
// testdata/fixtures/rules/build.sh): what each must and must not reveal
// under the evidence rules of sdkdb (weak signatures, requires, families).
func TestEvidenceRules(t *testing.T) {
	type weakItem struct{ sdk, channel, value string }
	cases := []struct {
		apk  string
		want map[string]string // SDK id → confidence: exactly the SDKs listed
		weak []weakItem        // evidence items that must be marked weak (value prefix)
		used []string
	}{
		{
			// Firebase Auth + google-services resources + Firebase Instance
			// ID with its receiver and the C2DM permission: no Firebase
			// Analytics, no FCM; the Firebase family at medium.
			apk:  "rules-firebase-auth.apk",
			want: map[string]string{"google-firebase": reports.Medium},
			weak: []weakItem{{"google-firebase", "resource", "project_id = "}, {"google-firebase", "resource", "google_api_key = "}},
		},
		{
			// Only the C2DM permission (and the app's C2D_MESSAGE): nothing.
			apk:  "rules-c2dm-only.apk",
			want: map[string]string{},
		},
		{
			// FCM classes and service: FCM high, the permission and the
			// Instance ID receiver reported as weak.
			apk:  "rules-fcm.apk",
			want: map[string]string{"google-firebase": reports.Medium, "google-firebase-cloud-messaging": reports.High},
			weak: []weakItem{
				{"google-firebase-cloud-messaging", "manifest", "com.google.android.c2dm.permission.RECEIVE"},
				{"google-firebase-cloud-messaging", "manifest", "com.google.firebase.iid.FirebaseInstanceIdReceiver"},
				{"google-firebase-cloud-messaging", "class", "com.google.firebase.iid.FirebaseInstanceIdReceiver"},
			},
			used: []string{"google-firebase-cloud-messaging"},
		},
		{
			// Legacy GCM: recognised as push messaging, not as FCM.
			apk:  "rules-gcm.apk",
			want: map[string]string{"google-firebase": reports.Medium, "google-cloud-messaging": reports.High},
			weak: []weakItem{
				{"google-cloud-messaging", "class", "com.google.android.gms.gcm.GcmNetworkManager"},
				{"google-cloud-messaging", "manifest", "com.google.android.c2dm.permission.RECEIVE"},
				{"google-cloud-messaging", "manifest", "com.example.rules.gcm.permission.C2D_MESSAGE"},
			},
			used: []string{"google-cloud-messaging"},
		},
		{
			// GcmNetworkManager task scheduling only (play-services-gcm
			// without messaging): not GCM.
			apk:  "rules-gcm-tasks.apk",
			want: map[string]string{},
		},
	}
	for _, tc := range cases {
		t.Run(tc.apk, func(t *testing.T) {
			p := filepath.Join("..", "testdata", "rules", tc.apk)
			if _, err := os.Stat(p); err != nil {
				t.Fatalf("fixture missing: rebuild with testdata/fixtures/rules/build.sh (%v)", err)
			}
			r, err := Scan(context.Background(), p, Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, s := range r.SDKs {
				got[s.ID] = s.Confidence
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("SDKs = %v, want %v", got, tc.want)
			}
			for _, w := range tc.weak {
				s := sdkOf(r, w.sdk)
				if s == nil {
					continue
				}
				found := false
				for _, e := range s.Evidence {
					if e.Channel == w.channel && strings.HasPrefix(e.Value, w.value) {
						found = true
						if !e.Weak {
							t.Errorf("%s: %s %q not marked weak", w.sdk, e.Channel, e.Value)
						}
					}
				}
				if !found {
					t.Errorf("%s: no %s evidence %q", w.sdk, w.channel, w.value)
				}
			}
			for _, id := range tc.used {
				if s := sdkOf(r, id); s != nil && !s.Used {
					t.Errorf("%s not used", id)
				}
			}
			// Weak items never decide alone: every listed SDK has an
			// evidence item that is not weak (other than a call).
			for _, s := range r.SDKs {
				strong := false
				for _, e := range s.Evidence {
					strong = strong || (!e.Weak && e.Channel != reports.ChannelCall)
				}
				if !strong {
					t.Errorf("%s listed on weak evidence only: %v", s.ID, s.Evidence)
				}
			}
		})
	}
}

// The channel names sdkdb's evidence rules use are the report's.
func TestRuleChannelsAreReportChannels(t *testing.T) {
	for a, b := range map[string]string{
		sdkdb.ChannelClass: reports.ChannelClass, sdkdb.ChannelManifest: reports.ChannelManifest,
		sdkdb.ChannelFile: reports.ChannelFile, sdkdb.ChannelResource: reports.ChannelResource,
		sdkdb.ChannelHost: reports.ChannelHost, sdkdb.ChannelCall: reports.ChannelCall, sdkdb.ChannelRenamed: reports.ChannelRenamed,
		sdkdb.ConfidenceHigh: reports.High, sdkdb.ConfidenceMedium: reports.Medium, sdkdb.ConfidenceLow: reports.Low,
	} {
		if a != b {
			t.Errorf("sdkdb %q != reports %q", a, b)
		}
	}
}
