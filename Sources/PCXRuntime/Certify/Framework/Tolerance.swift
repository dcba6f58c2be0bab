/// Every tolerance a certificate or guarantee compares with, named once with the reason for its
/// size. Certificate code uses these names, never a bare literal.
enum Tolerance {
  /// A claimed constant (`mu:`, `L:`, `beta:`, `tau:`) is beaten only when the measured value is
  /// past it by more than this relative amount: the rounding of a ratio of float64 sums.
  static let claim = 1e-12
  /// A quantity at or below this is zero for division: 1/x would overflow a double near
  /// 1e-308, so `L - L* <= 1e-300` leaves a ratio undefined rather than infinite.
  static let zero = 1e-300
  /// A tangent kernel is singular when lambda_min <= this times its mean eigenvalue: the relative
  /// rounding of dsyevr on a float64 Gram matrix (003 Prop 3).
  static let singularKernel = 1e-12
  /// A slack that is a difference of rounded terms counts as zero within this fraction of the
  /// largest term (near a solution the residual is rounding noise; 000 Def 1.1).
  static let termRounding = 1e-12
  /// A run obeys a predicted bound when loss <= bound (1 + this): the relative rounding of a
  /// loss evaluated as a float64 sum over samples and steps.
  static let bound = 1e-9
  /// An iterate is inside a radius when its distance is at most radius (1 + this).
  static let radius = 1e-12
  /// A run's step obeys a theorem's largest step when eta_run <= eta (1 + this).
  static let step = 1e-12
  /// Searches stop when their step falls below this fraction of the set's scale.
  static let searchStep = 1e-12
  /// Descent to a local minimum (002 Def 2.1's third case) stops when ||grad f|| is below this.
  static let descentGradient = 1e-10
  /// A descent's end is a local minimum when ||grad f|| is below this and lambda_min(hess f) is
  /// above minus this times the Hessian's scale.
  static let localMinimum = 1e-8
  /// A Hessian's extreme eigenvalue within this fraction of its scale of zero is degenerate
  /// (landscape classification: min / max / saddle / degenerate).
  static let eigenvalueSign = 1e-7
  /// A landscape limit is stationary when ||grad f|| <= this times the Hessian's scale.
  static let stationary = 1e-6
  /// The smallest curvature a descent divides by (a flat Hessian gives steps of 1e12, not infinity).
  static let curvatureFloor = 1e-12
  /// A descent whose iterate passes this magnitude ran away (f unbounded below along it).
  static let runaway = 1e150
  /// Chatterjee's ratio descent stops when its step is below this fraction of the radius.
  static let ratioStep = 1e-10
  /// A cone projection this close to the apex (relative to rho2) has no direction (004 Def 5.2).
  static let coneApex = 1e-9
}
