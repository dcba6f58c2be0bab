import Foundation

/// A sweep run as a Slurm job array: what `pcx slurm` records in `DIR/job.json`, the batch
/// scripts it writes (`DIR/job.sbatch`, then `DIR/resume-1.sbatch`, ...), and where the tasks
/// put their shards (`DIR/shards/`) and logs (`DIR/logs/`). Each array task runs
/// `pcx run SCRIPT --points LIST --shard-out DIR/shards` in the directory `pcx slurm` ran in.
public struct SlurmJob: Codable, Sendable, Equatable {
  /// The manifest's file name in the job directory.
  public static let fileName = "job.json"
  /// The manifest's format identifier.
  public static let currentFormat = "pcx.slurm/1"

  /// The format identifier.
  public var format = Self.currentFormat
  /// The script as named on the command line.
  public var script: String
  /// Its absolute path.
  public var scriptPath: String
  /// Its sha256 at submission.
  public var scriptSHA256: String
  /// Where the tasks run (`#SBATCH --chdir`): the directory `pcx slurm` ran in.
  public var workingDirectory: String
  /// The pcx executable the tasks run (it must be reachable from the compute nodes).
  public var pcx: String
  /// `--seed`, if given.
  public var seed: Int?
  /// `--set` values.
  public var overrides: [String: String]
  /// Each point's key as text, by index.
  public var points: [String]
  /// What each task asks of Slurm.
  public var resources: Resources
  /// Every submission, first the job, then each resume.
  public var submissions: [Submission]

  enum CodingKeys: String, CodingKey {
    case format, script, scriptPath = "script_path", scriptSHA256 = "script_sha256", workingDirectory = "working_directory"
    case pcx, seed, overrides, points, resources, submissions
  }

  /// What each task asks of Slurm, and how points are grouped into tasks.
  public struct Resources: Codable, Sendable, Equatable {
    /// The partition (`--partition`), or the cluster's default.
    public var partition: String?
    /// `HH:MM:SS` (or any form `sbatch --time` accepts).
    public var time: String?
    /// CPUs per task, which are also the task's BLAS threads.
    public var cpusPerTask: Int
    /// Memory per task (`4G`).
    public var mem: String?
    /// Most array tasks running at once (`--array=...%K`).
    public var maxParallel: Int?
    /// Points per array task (run one after another, the state before them built once).
    public var pointsPerTask: Int
    /// Extra `#SBATCH` lines as given (`--account=abc`, `--qos=short`).
    public var sbatchArgs: [String]

    enum CodingKeys: String, CodingKey {
      case partition, time, cpusPerTask = "cpus_per_task", mem, maxParallel = "max_parallel"
      case pointsPerTask = "points_per_task", sbatchArgs = "sbatch_args"
    }

    /// Resources; one CPU and one point per task by default.
    public init(partition: String? = nil, time: String? = nil, cpusPerTask: Int = 1, mem: String? = nil,
                maxParallel: Int? = nil, pointsPerTask: Int = 1, sbatchArgs: [String] = []) {
      self.partition = partition
      self.time = time
      self.cpusPerTask = cpusPerTask
      self.mem = mem
      self.maxParallel = maxParallel
      self.pointsPerTask = pointsPerTask
      self.sbatchArgs = sbatchArgs
    }
  }

  /// One `sbatch` of an array: its script, the points of each array task, and the job id.
  public struct Submission: Codable, Sendable, Equatable {
    /// The batch script's file name in the job directory.
    public var file: String
    /// The points of array task i.
    public var tasks: [[Int]]
    /// The job id `sbatch` gave, nil for a dry run.
    public var jobID: String?

    enum CodingKeys: String, CodingKey { case file, tasks, jobID = "job_id" }

    /// A submission not yet submitted.
    public init(file: String, tasks: [[Int]], jobID: String? = nil) {
      self.file = file
      self.tasks = tasks
      self.jobID = jobID
    }
  }

  /// A job of `script` with no submission yet.
  public init(script: String, scriptPath: String, scriptSHA256: String, workingDirectory: String, pcx: String,
              seed: Int?, overrides: [String: String], points: [String], resources: Resources) {
    self.script = script
    self.scriptPath = scriptPath
    self.scriptSHA256 = scriptSHA256
    self.workingDirectory = workingDirectory
    self.pcx = pcx
    self.seed = seed
    self.overrides = overrides
    self.points = points
    self.resources = resources
    submissions = []
  }

  /// `points` in array tasks of `perTask` points each, in order.
  public static func tasks(_ points: [Int], perTask: Int) -> [[Int]] {
    let size = max(1, perTask)
    return stride(from: 0, to: points.count, by: size).map { Array(points[$0..<min($0 + size, points.count)]) }
  }

  /// The shard directory of a job directory.
  public static func shards(_ directory: String) -> String { (directory as NSString).appendingPathComponent("shards") }
  /// The log directory of a job directory.
  public static func logs(_ directory: String) -> String { (directory as NSString).appendingPathComponent("logs") }

  /// Reads `DIR/job.json`.
  public static func load(from directory: String) throws -> SlurmJob {
    let path = (directory as NSString).appendingPathComponent(fileName)
    guard let data = FileManager.default.contents(atPath: path) else {
      throw GatherError(.unreadable, "'\(directory)' is not a pcx slurm directory: \(path) does not exist")
    }
    do {
      let job = try JSONDecoder().decode(SlurmJob.self, from: data)
      guard job.format == currentFormat else {
        throw GatherError(.unreadable, "\(path) has format \(job.format); this pcx reads \(currentFormat)")
      }
      return job
    } catch let e as GatherError {
      throw e
    } catch {
      throw GatherError(.unreadable, "\(path) is truncated or corrupt: \(error.localizedDescription)")
    }
  }

  /// Writes `DIR/job.json` (sorted keys, one field per line).
  public func save(to directory: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let path = (directory as NSString).appendingPathComponent(Self.fileName)
    try (encoder.encode(self) + Data("\n".utf8)).write(to: URL(fileURLWithPath: path), options: .atomic)
  }
}
