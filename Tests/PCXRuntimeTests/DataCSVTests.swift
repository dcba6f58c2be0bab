import Testing
import PCXNumerics
@testable import PCXRuntime

@Suite("Data: CSV reader")
struct DataCSVTests {
  typealias S = DataTestSupport

  /// Parses CSV text named `t.csv`.
  func parse(_ text: String, label: CSVLabel = .last, header: Bool = true) throws -> Dataset {
    try CSVReader.parse(bytes: Array(text.utf8), name: "t.csv", label: label, header: header)
  }

  @Test func savetxtRoundTripsExactly() throws {
    // make_fixtures.py wrote the same random 6 x 4 array with np.savetxt('%.17g') and np.save.
    let a = try NPY.read(path: S.fixture("savetxt.npy"))
    let d = try CSVReader.read(path: S.fixture("savetxt.csv"), displayName: "savetxt.csv")
    #expect(d.source == "savetxt.csv")
    S.expectEqual(d.x, try a.slice([0..<6, 0..<3]), "features")
    S.expectEqual(d.y, try a.slice([0..<6, 3..<4]), "labels")
    let byName = try CSVReader.read(path: S.fixture("savetxt.csv"), label: .name("f1"))
    S.expectEqual(byName.y, try a.slice([0..<6, 1..<2]))
    S.expectEqual(byName.x, try a.gather([0, 2, 3], axis: 1))
    let byIndex = try CSVReader.read(path: S.fixture("savetxt.csv"), label: .index(-4))
    S.expectEqual(byIndex.y, try a.slice([0..<6, 0..<1]))
  }

  @Test func quotedCRLFFileFromPythonCSV() throws {
    // csv.writer(QUOTE_ALL), CRLF; header names with a comma, doubled quotes and a line break.
    let b = try NPY.read(path: S.fixture("quoted.npy"))
    let d = try CSVReader.read(path: S.fixture("quoted.csv"), label: .name("multi\nline"))
    S.expectEqual(d.y, try b.slice([0..<4, 1..<2]))
    S.expectEqual(d.x, try b.gather([0, 2], axis: 1))
    let first = try CSVReader.read(path: S.fixture("quoted.csv"), label: .name("width, \"cm\""))
    S.expectEqual(first.y, try b.slice([0..<4, 0..<1]))
  }

  @Test func lenientSyntax() throws {
    // BOM, blanks around numbers, a blank line, LF and lone CR breaks, no final newline.
    let d = try parse("\u{FEFF}a,b\n 1.5 ,\t-2e-3\n\n  \n4,\"5\"\r6,-0.25")
    S.expectEqual(d.x, try S.matrix([[1.5], [4], [6]]))
    S.expectEqual(d.y, try S.matrix([[-0.002], [5], [-0.25]]))
    let noHeader = try parse("1,2\r\n3,4\r\n", header: false)
    S.expectEqual(noHeader.x, try S.matrix([[1], [3]]))
  }

  @Test func fastDecimalPathMatchesTheStandardParser() {
    for text in ["0", "-0.5", "123456789012345", "0.1", "3.14159265358979", "-999.000001", "+7", ".5", "5."] {
      let bytes = Array(text.utf8)
      let fast = CSVBytes.parseNumber(bytes, 0, bytes.count)
      #expect(fast == Double(text), "\(text): \(String(describing: fast))")
    }
    let long = Array("0.12345678901234567890".utf8)
    #expect(CSVBytes.parseNumber(long, 0, long.count) == 0.12345678901234567890)
  }

  @Test func digitsFile() throws {
    let d = try CSVReader.read(path: S.fixture("digits.csv"), label: .name("label"), displayName: "digits.csv")
    #expect(d.x.shape == [1797, 64] && d.y.shape == [1797, 1])
    #expect(d.y.scalars.allSatisfy { $0 >= 0 && $0 <= 9 && $0.rounded() == $0 })
    // Integer sums are exact: compare with NumPy's, written by make_fixtures.py.
    #expect(try d.x.sum(alongAxes: [0]) == NPY.read(path: S.fixture("digits_column_sums.npy")))
    var counts = [Double](repeating: 0, count: 10)
    for v in d.y.scalars { counts[Int(v)] += 1 }
    #expect(Tensor(counts) == (try NPY.read(path: S.fixture("digits_label_counts.npy"))))
  }

  @Test func lineAndColumnCountCharacters() {
    let bytes = Array("ab\r\n\u{E9}\u{E9},x\ry".utf8)
    #expect(CSVBytes.lineAndColumn(bytes, 0) == (1, 1))
    #expect(CSVBytes.lineAndColumn(bytes, 9) == (2, 4))  // "x" after two 2-byte characters and a comma
    #expect(CSVBytes.lineAndColumn(bytes, 11) == (3, 1))  // after a lone CR
  }

  // MARK: One test per malformed case

  @Test func tooFewAndTooManyFields() {
    S.expectError(.data, ["t.csv:3:1: expected 3 fields (as in the header) but got 2"]) { _ = try parse("a,b,c\n1,2,3\n4,5\n") }
    S.expectError(.data, ["t.csv:2:7: expected 3 fields (as in the header) but got 4"]) { _ = try parse("a,b,c\n1,2,3,4\n") }
    S.expectError(.data, ["t.csv:2:1: expected 2 fields (as in the first row) but got 1"]) { _ = try parse("1,2\n3\n", header: false) }
  }

  @Test func nonNumericField() {
    S.expectError(.data, ["t.csv:2:4: field \"abc\" is not a number"]) { _ = try parse("a,b\n1, abc\n") }
    S.expectError(.data, ["t.csv:1:1: field \"a\" is not a number"]) { _ = try parse("a,b\n1,2\n", header: false) }
    S.expectError(.data, ["t.csv:2:3: field \"say \"hi\"\" is not a number"]) { _ = try parse("a,b\n1,\"say \"\"hi\"\"\"\n") }
  }

  @Test func nonFiniteAndEmptyFields() {
    S.expectError(.data, ["t.csv:2:3: field \"nan\" is not a finite number"]) { _ = try parse("a,b\n1,nan\n") }
    S.expectError(.data, ["t.csv:2:1: field \"1e999\" is not a finite number"]) { _ = try parse("a,b\n1e999,2\n") }
    S.expectError(.data, ["t.csv:2:3: empty field where a number was expected"]) { _ = try parse("a,b\n1,\n") }
  }

  @Test func unterminatedQuote() {
    S.expectError(.data, ["t.csv:2:3: unterminated quoted field"]) { _ = try parse("a,b\n1,\"2\n3,4\n") }
  }

  @Test func textAfterClosingQuote() {
    S.expectError(.data, ["t.csv:2:4: unexpected character after the closing quote"]) { _ = try parse("a,b\n\"1\"x,2\n") }
  }

  @Test func multiLineHeaderKeepsPhysicalLineNumbers() {
    S.expectError(.data, ["t.csv:4:3: field \"x\" is not a number"]) { _ = try parse("a,\"b\nc\"\n1,2\n3,x\n") }
  }

  @Test func unknownLabelName() {
    S.expectError(.data, ["t.csv:1:1: no column named 'lable' in the header; did you mean 'label'?", "'a', 'label'"]) {
      _ = try parse("a,label\n1,2\n", label: .name("lable"))
    }
    S.expectError(.data, ["ambiguous", "columns 0, 1"]) { _ = try parse("y,y\n1,2\n", label: .name("y")) }
    S.expectError(.data, ["without a header"]) { _ = try parse("1,2\n", label: .name("y"), header: false) }
  }

  @Test func labelIndexOutOfRange() {
    S.expectError(.data, ["t.csv:1:1: label column index 3 is out of range: the file has 3 columns"]) {
      _ = try parse("a,b,c\n1,2,3\n", label: .index(3))
    }
    S.expectError(.data, ["index -4 is out of range"]) { _ = try parse("a,b,c\n1,2,3\n", label: .index(-4)) }
  }

  @Test func emptyFile() {
    S.expectError(.data, ["t.csv:1:1: the file is empty"]) { _ = try parse("") }
  }

  @Test func noDataRows() {
    S.expectError(.data, ["t.csv:1:1: the file has no data rows, only blank lines"]) { _ = try parse("\n  \n\r\n") }
  }

  @Test func headerOnly() {
    S.expectError(.data, ["t.csv:1:1: the file has a header line but no data rows"]) { _ = try parse("a,b,c\r\n") }
  }

  @Test func singleColumn() {
    S.expectError(.data, ["at least one feature column and a label column"]) { _ = try parse("y\n1\n") }
  }

  @Test func invalidUTF8() {
    let bytes = Array("a,b\n1,".utf8) + [0xC3, 0x28] + Array("\n".utf8)
    S.expectError(.data, ["t.csv:2:3: invalid UTF-8 (byte 0xC3)"]) {
      _ = try CSVReader.parse(bytes: bytes, name: "t.csv")
    }
    #expect(CSVBytes.firstInvalidUTF8([0xED, 0xA0, 0x80]) == 0)  // a UTF-16 surrogate
    #expect(CSVBytes.firstInvalidUTF8([0xC0, 0xAF]) == 0)  // an overlong "/"
    #expect(CSVBytes.firstInvalidUTF8(Array("é€😀".utf8)) == nil)
  }

  @Test func missingFileIsAnIOError() {
    S.expectError(.io, ["nowhere/data.csv: no such file"]) { _ = try CSVReader.read(path: "nowhere/data.csv") }
    S.expectError(.io, ["data.csv: no such file (looked for /nonexistent/data.csv)"]) {
      _ = try CSVReader.read(path: "/nonexistent/data.csv", displayName: "data.csv")
    }
  }
}
