/// Named limits of the front end, each with the reason it exists.
public enum Limits {
  /// Deepest nesting of brackets, operators and blocks. Every level costs a few recursive
  /// parser and checker frames (and a recursive deinit of the tree); 256 keeps the worst case
  /// far inside a 512 KB secondary-thread stack in debug builds, while no hand-written script
  /// nests beyond a dozen levels.
  public static let maxNestingDepth = 256
  /// Errors reported per file before stopping: past this, messages are almost always
  /// consequences of an earlier one, and binary input would otherwise produce millions.
  public static let maxErrors = 100
  /// Longest literal spelling accepted for a number; anything longer is certainly a mistake
  /// and would make conversion cost grow with the input.
  public static let maxNumberLength = 400
}
