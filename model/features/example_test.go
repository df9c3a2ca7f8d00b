package features_test

import (
	"fmt"

	"github.com/seed134e4861/topicd/model/features"
)

// Words leaves out the stop words of every language: the Vietnamese "dữ"
// (data) folds to the French stop word "du", so Words drops it, while
// Features, which knows the text is Vietnamese, keeps it.
func ExampleWords_vietnamese() {
	fmt.Printf("%q\n", features.Words("Tin tặc công bố dữ liệu"))
	// Output:
	// ["tin" "tac" "cong" "bo" "lieu"]
}

// A Lexicon gives each feature of a text its row in a model's table, -1
// for a feature the vocabulary lacks, in one pass over the text.
func ExampleLexicon() {
	lex := features.NewLexicon([]string{"anonymous", "hackers", "leak"})
	rows, lang := lex.AppendRows(nil, "The hackers of Anonymous published a leak of emails.")
	fmt.Println(rows, lang)
	fmt.Println(lex.Row("leak"))
	fmt.Println(lex.Row("emails"))
	// Output:
	// [1 0 -1 2 -1] en
	// 2 true
	// -1 false
}

func ExampleWords() {
	fmt.Println(features.Words("L’attaque d'Anonymous contre l'ÉLECTION : APT28 a volé 269 Go !"))
	fmt.Println(features.Words("Tin tặc tấn công bầu cử"))
	fmt.Println(features.Words("Tin tac tan cong bau cu"))
	// Output:
	// [attaque anonymous election apt28 vole 269 go]
	// [tin tac tan cong bau cu]
	// [tin tac tan cong bau cu]
}

// Features are what the classifier counts: the words of the text less the
// stop words of its own language, and in Vietnamese the pairs of
// adjacent syllables as well.
func ExampleFeatures() {
	fmt.Printf("%q\n", features.Features("Des hackers ont publié les données du parti."))
	fmt.Printf("%q\n", features.Features("Tin tặc công bố dữ liệu."))
	// Output:
	// ["hackers" "publie" "donnees" "parti"]
	// ["tin" "tac" "tin tac" "cong" "tac cong" "bo" "cong bo" "du" "bo du" "lieu" "du lieu"]
}

func ExampleDetectLanguage() {
	for _, text := range []string{
		"The hackers published the party's files.",
		"Les pirates ont publié les fichiers du parti.",
		"Tin tặc đã công bố các tệp của đảng.",
		"Los piratas publicaron los archivos del partido.",
		"APT28 2016",
	} {
		fmt.Printf("%q\n", features.DetectLanguage(text))
	}
	// Output:
	// "en"
	// "fr"
	// "vi"
	// "es"
	// ""
}
