package pagetext

import (
	"strings"
	"testing"
)

// Paragraphs of hand-written articles, long enough to be content alone.
const (
	enPara1 = "Hackers linked to a foreign intelligence service broke into the email accounts of several members of parliament, the security police said on Thursday."
	enPara2 = "Investigators said the intruders were after information on foreign policy, and that no classified material was stored on the affected systems."
	frPara1 = "Le collectif Anonymous a revendiqué dimanche une attaque par déni de service contre plusieurs sites de ministères, en soutien aux manifestants."
	frPara2 = "Les services de l'État ont rétabli l'accès aux sites dans la journée et indiquent qu'aucune donnée n'a été dérobée pendant l'attaque."
	viPara1 = "Một nhóm tin tặc được nhà nước hậu thuẫn đã xâm nhập hệ thống của ủy ban bầu cử và đánh cắp thông tin của hàng triệu cử tri."
	viPara2 = "Cơ quan an ninh mạng cho biết quá trình bỏ phiếu không bị ảnh hưởng và các biện pháp bảo vệ đã được tăng cường."
)

// lines joins its arguments with newlines.
func lines(s ...string) string { return strings.Join(s, "\n") }

var stripTests = []struct {
	name, in, want string
}{
	// Short texts and paragraphs without furniture come back unchanged.
	{"headline en", "Leaked docs show NSA spied on EU leaders", "Leaked docs show NSA spied on EU leaders"},
	{"headline fr", "Anonymous revendique une attaque DDoS", "Anonymous revendique une attaque DDoS"},
	{"headline vi", "Tin tặc tấn công hệ thống bầu cử", "Tin tặc tấn công hệ thống bầu cử"},
	{"headline starting with a cue word", "Share prices fall after data breach at retailer", "Share prices fall after data breach at retailer"},
	{"headline by-election", "By-election called after MP's emails leaked", "By-election called after MP's emails leaked"},
	{"paragraph", enPara1, enPara1},
	{"paragraph about cookies", "La CNIL reproche au site de ne pas permettre de refuser les cookies aussi facilement que de les accepter.", "La CNIL reproche au site de ne pas permettre de refuser les cookies aussi facilement que de les accepter."},
	{"two paragraphs with spaces kept", "  " + enPara1 + "\n\n\n" + enPara2 + "\n", "  " + enPara1 + "\n\n\n" + enPara2 + "\n"},
	{"empty", "", ""},
	{"spaces", " \n\t\n", " \n\t\n"},
	{"only furniture falls back to the input", "Home | World | Business | Tech", "Home | World | Business | Tech"},

	// Cue phrases, one language at a time.
	{"read more en", lines(enPara1, "Read more: Hospital records used for blackmail", enPara2), lines(enPara1, enPara2)},
	{"lire aussi fr", lines(frPara1, "Lire aussi : Le CHU de Rennes en mode dégradé", frPara2), lines(frPara1, frPara2)},
	{"xem them vi", lines(viPara1, "Xem thêm: Giá vàng tăng mạnh", viPara2), lines(viPara1, viPara2)},
	{"folded cue vi", lines(viPara1, "XEM THEM: Gia vang tang manh", viPara2), lines(viPara1, viPara2)},
	{"related list en", lines(enPara1, enPara2, "Related stories", "- Storm closes coast road", "- Council approves budget"), lines(enPara1, enPara2)},
	{"related list fr", lines(frPara1, frPara2, "À lire également", "• Grève à la SNCF ce week-end", "• Ligue 1 : Lens s'impose"), lines(frPara1, frPara2)},
	{"related list vi", lines(viPara1, viPara2, "Tin liên quan", "- Giá xăng giảm lần thứ ba", "- Đội tuyển chuẩn bị cho giải châu Á"), lines(viPara1, viPara2)},

	// Share rows, menus and breadcrumbs.
	{"share en", lines("Share on Facebook | Share on X | Email", enPara1), enPara1},
	{"share fr", lines("Partager : Facebook | X | LinkedIn | E-mail", frPara1), frPara1},
	{"share vi", lines("Chia sẻ: Facebook | Zalo | Sao chép liên kết", viPara1), viPara1},
	{"share icons", lines("[f] [X] [in] [✉] Copy link", enPara1), enPara1},
	{"menu en", lines("Home | World | Politics | Business | Tech | Sport", enPara1), enPara1},
	{"menu dots fr", lines("Accueil · Monde · Économie · Tech · Sport", frPara1), frPara1},
	{"menu spaces vi", lines("Thời sự   Thế giới   Kinh doanh   Công nghệ", viPara1), viPara1},
	{"breadcrumb en", lines("Home > Politics > Elections", enPara1), enPara1},
	{"breadcrumb fr", lines("Accueil › Tech › Cybersécurité", frPara1), frPara1},
	{"breadcrumb vi", lines("Trang chủ / An ninh mạng", viPara1), viPara1},

	// Cookie banners, newsletter boxes, copyright footers.
	{"cookie en", lines(enPara1, "We use cookies to improve your experience. By continuing you agree to our cookie policy."), enPara1},
	{"cookie fr", lines(frPara1, "Ce site utilise des cookies pour mesurer l'audience. Tout accepter | Paramétrer"), frPara1},
	{"cookie vi", lines(viPara1, "Chúng tôi sử dụng cookie để cá nhân hóa nội dung. Đồng ý | Tùy chỉnh"), viPara1},
	{"newsletter en", lines(enPara1, "Get the Morning Briefing in your inbox. Sign up"), enPara1},
	{"newsletter fr", lines(frPara1, "Newsletter : recevez chaque matin l'essentiel de l'actualité. Je m'inscris"), frPara1},
	{"newsletter vi", lines(viPara1, "Đăng ký nhận bản tin mỗi sáng | Đăng ký"), viPara1},
	{"copyright en", lines(enPara1, "© 2024 The Ledger. All rights reserved. Privacy | Terms"), enPara1},
	{"copyright fr", lines(frPara1, "Tous droits réservés – Mentions légales – Contact"), frPara1},
	{"copyright vi", lines(viPara1, "Bản quyền thuộc về Báo Phương Đông. Giấy phép số 456/GP-BTTTT"), viPara1},

	// Bylines and datelines.
	{"byline en", lines("By Sam Okafor | Tuesday 8 October 2024, 07:10", enPara1), enPara1},
	{"byline fr", lines("Par la rédaction | Publié le 03/05/2024 à 18h40", frPara1), frPara1},
	{"dateline vi", lines("Thứ tư, 5/10/2022, 09:15 (GMT+7)", viPara1), viPara1},

	// Context: titles, subheadings, short lines.
	{"headline in its page", lines("Accueil | Monde | Tech", "Anonymous revendique une attaque DDoS", "Partager : Facebook | X"), "Anonymous revendique une attaque DDoS"},
	{"title kept above the article", lines("Home | World | Tech", "", "Hackers hit parliament email", "By Sam Okafor | 8 October 2024", "", enPara1), lines("Hackers hit parliament email", "", enPara1)},
	{"question title", lines("Site Name", "Home | World | Tech", "Who was behind the attack on the parliament's email system?", "", enPara1), lines("Who was behind the attack on the parliament's email system?", "", enPara1)},
	{"subheading between paragraphs", lines(enPara1, "", "What happens next", "", enPara2, "Home | Privacy | Terms"), lines(enPara1, "", "What happens next", "", enPara2)},
	{"short line between content and furniture", lines(enPara1, "Around the region", "© 2024 The Ledger"), enPara1},
	{"short sentence next to content", lines(enPara1, "Police are investigating.", "© 2024 The Ledger"), lines(enPara1, "Police are investigating.")},
	{"crlf", "Home | World | Tech\r\n" + enPara1 + "\r\n", enPara1 + "\r"},
}

func TestStripFurniture(t *testing.T) {
	for _, tt := range stripTests {
		if got := StripFurniture(tt.in); got != tt.want {
			t.Errorf("%s: StripFurniture(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestStripFurnitureIdempotent(t *testing.T) {
	inputs := pageTexts(t)
	for _, tt := range stripTests {
		inputs = append(inputs, tt.in)
	}
	for _, in := range inputs {
		once := StripFurniture(in)
		if twice := StripFurniture(once); twice != once {
			t.Errorf("StripFurniture(%q) = %q, want %q (idempotent)", once, twice, once)
		}
	}
}

// TestFurnitureRule checks each rule on lines alone, furniture and not.
func TestFurnitureRule(t *testing.T) {
	tests := []struct{ in, want string }{
		{"We use cookies to give you the best experience. Accept all | Reject", "cookie banner"},
		{"En poursuivant votre navigation, vous acceptez l'utilisation de cookies.", "cookie banner"},
		{"Website sử dụng cookie để phân tích truy cập. Chấp nhận | Từ chối", "cookie banner"},
		{"Regulators said the site used cookies without consent.", ""},
		{"© 2021 The Meridian Post", "copyright footer"},
		{"Copyright 2011 Le Blog Sécu", "copyright footer"},
		{"Tous droits réservés", "copyright footer"},
		{"Bản quyền thuộc Tin Quốc Tế", "copyright footer"},
		{"Sign up for our newsletter to receive the news every morning", "newsletter box"},
		{"Inscrivez-vous à la newsletter Tech, chaque jeudi.", "newsletter box"},
		{"Get local news first: follow us on Facebook and X.", "follow prompt"},
		{"Read more: Hospitals told to keep paper records", "cue phrase"},
		{"READ ALSO: Oil fund trims stakes", "cue phrase"},
		{"À lire aussi", "cue phrase"},
		{"Sur le même sujet", "cue phrase"},
		{"Đọc thêm: Doanh số điện thoại gập tăng mạnh", "cue phrase"},
		{"Bài viết liên quan", "cue phrase"},
		{"Tin Quốc Tế | Đăng nhập", "cue phrase"},
		{"Tags: ransomware, Conti", "cue label"},
		{"Mots-clés : rançongiciel", "cue label"},
		{"À LIRE : Les prix de l'immobilier reculent", "cue label"},
		{"Lire : la BCE maintient ses taux", "cue label"},
		{"À lire le rapport, la fuite venait d'un sous-traitant.", ""},
		{"Từ khóa: rò rỉ tài liệu", "cue label"},
		{"Share", "cue label"},
		{"Facebook Twitter LinkedIn E-mail", "share buttons"},
		{"Partager  f  t  in  ✉", "share buttons"},
		{"X to ban EU ads", ""},
		{"Home > Health > Ireland", "breadcrumb"},
		{"Thế giới › Châu Âu", "breadcrumb"},
		{"Accueil » Conso » Numérique", "breadcrumb"},
		{"« Panama Papers » : plongée dans la finance offshore", ""},
		{"News · Business · Markets · Energy", "menu or link list"},
		{"Tech | Cloud | Gadgets | Startups", "menu or link list"},
		{"Actu  Monde  Éco  Tech  Sport", "menu or link list"},
		{"Cyberattaque au CHU | Le Télégramme", ""},
		{"By Priya Raman", "byline"},
		{"Par la cellule Enquêtes", "byline"},
		{"Publié le 11 mars 2022 à 16h05", "byline"},
		{"Cập nhật: 22/06/2021 16:05 | Nhóm phóng viên quốc tế", "byline"},
		{"Minh Anh | 07/03/2025 - 10:42", "byline"},
		{"By contrast, the ministry said it had no such data.", ""},
		{"Friday 14 May 2021, 18:40", "dateline"},
		{"Le 12 janvier 2024 à 18h20", "dateline"},
		{"Lazarus stole $81m in 2016", ""},
		{"Hackers leak 269 GB of police files", ""},
	}
	for _, tt := range tests {
		l := newLine(tt.in)
		if got := furnitureRule(&l); got != tt.want {
			t.Errorf("furnitureRule(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Xem thêm", "xem them"},
		{"ĐỌC THÊM", "doc them"},
		{"À lire également", "a lire egalement"},
		{"S’abonner", "s'abonner"},
		{"Ǆ Œuvre Ærø ﬁn Иван й", "ǆ œuvre ærø ﬁn иван и"},
	}
	for _, tt := range tests {
		if got := fold(tt.in); got != tt.want {
			t.Errorf("fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestFoldTable checks fold's table against foldRune, its plain twin, on
// every rune of the table's ranges.
func TestFoldTable(t *testing.T) {
	for _, rg := range [][2]rune{{latinLo, latinHi}, {vietLo, vietHi}} {
		for r := rg[0]; r < rg[1]; r++ {
			if got, want := fold(string(r)), foldRune(r); got != want {
				t.Errorf("fold(%q) = %q, want %q", string(r), got, want)
			}
		}
	}
}
