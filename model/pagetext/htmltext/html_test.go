package htmltext

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seed134e4861/topicd/internal/golden"
)

// TestFromHTML runs the hand-written pages in testdata against their golden
// text, and checks what each must and must not hold.
func TestFromHTML(t *testing.T) {
	tests := []struct {
		file    string
		must    []string // substrings of the article
		mustNot []string // substrings of the furniture
	}{
		{"en-article.html",
			[]string{"Finnish parliament hit by cyber espionage, police say\n\n", "APT31", "state-sponsored espionage"},
			[]string{"cookies", "Read more", "Related", "Sign up", "©", "Share", "Sport"}},
		{"fr-article.html",
			[]string{"Des hacktivistes prorusses revendiquent", "déni de service", "Agence nationale"},
			[]string{"cookies", "Lire aussi", "Publié le", "Partager", "À lire également", "Newsletter", "©"}},
		{"vi-article.html",
			[]string{"Tin tặc được nhà nước hậu thuẫn", "APT31", "bịa đặt"},
			[]string{"cookie", "Xem thêm", "Chia sẻ", "Tin liên quan", "©", "GMT+7"}},
		{"en-brief.html",
			[]string{"Anonymous claims attack on Russian state TV site\n\n", "invasion of Ukraine."},
			[]string{"cookies", "Share", "©", "Home"}},
		{"fr-divs.html",
			[]string{"Fuite massive de courriels", "Dworczyk", "sans vérification."},
			[]string{"Lire aussi", "Accueil", "Tous droits"}},
		{"no-article.html",
			[]string{"Page not found", "Sorry, we could not find that page."},
			[]string{"cookies", "Search", "©"}},
	}
	for _, tt := range tests {
		name := filepath.Join("testdata", tt.file)
		got, err := FromHTML(golden.Read(t, name))
		if err != nil {
			t.Errorf("FromHTML(%s) error = %v, want nil", name, err)
			continue
		}
		for _, s := range tt.must {
			if !strings.Contains(got, s) {
				t.Errorf("FromHTML(%s) = %q, want it to hold %q", name, got, s)
			}
		}
		for _, s := range tt.mustNot {
			if strings.Contains(got, s) {
				t.Errorf("FromHTML(%s) = %q, want it without %q", name, got, s)
			}
		}
		golden.Check(t, "FromHTML("+name+")", strings.TrimSuffix(name, ".html")+".golden", got)
	}
}

func TestFromHTMLSmall(t *testing.T) {
	tests := []struct {
		in, want string
		err      error
	}{
		{"", "", ErrNoText},
		{"   ", "", ErrNoText},
		{"<html><head><script>var a = 1;</script><style>p{}</style></head><body></body></html>", "", ErrNoText},
		{"<html><body><nav>Home | World</nav><footer>© 2024</footer></body></html>", "", ErrNoText},
		{"<p>Anonymous revendique une attaque DDoS</p>", "Anonymous revendique une attaque DDoS", nil},
		{"plain text, no tags", "plain text, no tags", nil},
		{"<div>Tin tặc<br>tấn công</div><p hidden>ẩn</p><p style='display: none'>ẩn</p>", "Tin tặc\ntấn công", nil},
		{strings.Repeat("a", MaxHTMLBytes+1), "", ErrTooLarge},
	}
	for _, tt := range tests {
		got, err := FromHTML(tt.in)
		if got != tt.want || !errors.Is(err, tt.err) {
			t.Errorf("FromHTML(%.60q) = %q, %v, want %q, %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}
