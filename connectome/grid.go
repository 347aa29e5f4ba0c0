package connectome

// gridShapes is the field table INF.md of the published data ("AVAILABLE
// INFORMATION"): the 56 co-registered fields of the MICrONS release with the
// grid shape (gx, gy, gz) the published notebook uses for its grid-distance
// control (docs/method.md §3). Keys are "<session>_<scan>_<field>".
var gridShapes = map[string]struct {
	neurons int
	grid    [3]int
}{
	"4_7_2": {88, [3]int{11, 4, 2}},
	"4_7_4": {566, [3]int{283, 2, 1}},
	"4_7_6": {475, [3]int{19, 5, 5}},
	"4_7_8": {193, [3]int{193, 1, 1}},
	"5_3_2": {126, [3]int{9, 7, 2}},
	"5_3_4": {70, [3]int{7, 5, 2}},
	"5_3_6": {175, [3]int{7, 5, 5}},
	"5_3_8": {42, [3]int{7, 3, 2}},
	"5_6_2": {339, [3]int{113, 3, 1}},
	"5_6_4": {521, [3]int{521, 1, 1}},
	"5_6_6": {339, [3]int{113, 3, 1}},
	"5_6_8": {160, [3]int{10, 4, 4}},
	"5_7_2": {390, [3]int{13, 6, 5}},
	"5_7_4": {544, [3]int{17, 8, 4}},
	"5_7_6": {139, [3]int{139, 1, 1}},
	"5_7_8": {275, [3]int{11, 5, 5}},
	"6_2_2": {390, [3]int{13, 10, 3}},
	"6_2_4": {575, [3]int{23, 5, 5}},
	"6_2_6": {264, [3]int{11, 8, 3}},
	"6_2_8": {125, [3]int{5, 5, 5}},
	"6_4_2": {416, [3]int{16, 13, 2}},
	"6_4_4": {595, [3]int{17, 7, 5}},
	"6_4_6": {371, [3]int{53, 7, 1}},
	"6_4_8": {135, [3]int{9, 5, 3}},
	"6_6_2": {312, [3]int{12, 13, 2}},
	"6_6_4": {560, [3]int{10, 8, 7}},
	"6_6_6": {383, [3]int{383, 1, 1}},
	"6_6_8": {129, [3]int{43, 3, 1}},
	"6_7_2": {232, [3]int{29, 4, 2}},
	"6_7_4": {566, [3]int{283, 2, 1}},
	"6_7_6": {533, [3]int{41, 13, 1}},
	"6_7_8": {162, [3]int{9, 9, 2}},
	"7_3_2": {410, [3]int{41, 5, 2}},
	"7_3_4": {385, [3]int{11, 7, 5}},
	"7_3_6": {145, [3]int{29, 5, 1}},
	"7_3_8": {154, [3]int{11, 7, 2}},
	"7_4_2": {297, [3]int{11, 9, 3}},
	"7_4_4": {470, [3]int{47, 5, 2}},
	"7_4_6": {538, [3]int{269, 2, 1}},
	"7_4_8": {224, [3]int{8, 7, 4}},
	"7_5_2": {290, [3]int{29, 5, 2}},
	"7_5_4": {258, [3]int{43, 3, 2}},
	"7_5_6": {283, [3]int{283, 1, 1}},
	"7_5_8": {61, [3]int{61, 1, 1}},
	"8_5_2": {455, [3]int{13, 7, 5}},
	"8_5_4": {467, [3]int{467, 1, 1}},
	"8_5_6": {514, [3]int{257, 2, 1}},
	"8_5_8": {190, [3]int{19, 5, 2}},
	"9_3_2": {632, [3]int{79, 4, 2}},
	"9_3_4": {532, [3]int{19, 7, 4}},
	"9_3_6": {545, [3]int{109, 5, 1}},
	"9_4_2": {385, [3]int{11, 7, 5}},
	"9_4_4": {479, [3]int{479, 1, 1}},
	"9_4_6": {529, [3]int{23, 23, 1}},
	"9_6_2": {422, [3]int{211, 2, 1}},
	"9_6_4": {323, [3]int{19, 17, 1}},
}

// GridShape returns the INF.md grid shape (gx, gy, gz) of a MICrONS field
// named "<session>_<scan>_<field>" (e.g. "6_6_2" → (12, 13, 2)), and false
// for names not in the table. gx·gy·gz equals the field's neuron count.
func GridShape(name string) ([3]int, bool) {
	g, ok := gridShapes[name]
	return g.grid, ok
}

// FieldNeurons returns the INF.md neuron count of a MICrONS field, and false
// for names not in the table.
func FieldNeurons(name string) (int, bool) {
	g, ok := gridShapes[name]
	return g.neurons, ok
}
