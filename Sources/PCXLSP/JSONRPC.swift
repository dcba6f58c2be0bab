import Foundation

/// A JSON-RPC request id: a number or a string.
enum RequestID: Codable, Hashable, Sendable {
  case number(Int)
  case string(String)

  /// Decodes a number or a string; anything else is not an id.
  init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if let number = try? container.decode(Int.self) {
      self = .number(number)
    } else {
      self = .string(try container.decode(String.self))
    }
  }

  /// Encodes the number or the string.
  func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .number(let number): try container.encode(number)
    case .string(let string): try container.encode(string)
    }
  }
}

/// A JSON-RPC error answer (JSON-RPC 2.0 and LSP 3.17 codes).
struct ResponseError: Error, Codable, Equatable {
  let code: Int
  let message: String

  static func parseError(_ message: String) -> ResponseError { ResponseError(code: -32700, message: message) }
  static func invalidRequest(_ message: String) -> ResponseError { ResponseError(code: -32600, message: message) }
  static func methodNotFound(_ method: String) -> ResponseError {
    ResponseError(code: -32601, message: "unknown method '\(method)'")
  }
  static func invalidParams(_ message: String) -> ResponseError { ResponseError(code: -32602, message: message) }
  static func internalError(_ message: String) -> ResponseError { ResponseError(code: -32603, message: message) }
  static let serverNotInitialized = ResponseError(code: -32002, message: "the server is not initialized yet: send 'initialize' first")
  /// A valid request the server could not carry out (LSP's RequestFailed).
  static func requestFailed(_ message: String) -> ResponseError { ResponseError(code: -32803, message: message) }
}

/// The parts of an incoming message that decide what it is.
struct MessageHead: Decodable {
  let jsonrpc: String?
  let id: RequestID?
  let hasID: Bool
  let method: String?
  let isResponse: Bool

  private enum Keys: String, CodingKey { case jsonrpc, id, method, result, error }

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: Keys.self)
    jsonrpc = try container.decodeIfPresent(String.self, forKey: .jsonrpc)
    hasID = container.contains(.id)
    id = try container.decodeIfPresent(RequestID.self, forKey: .id)
    method = try container.decodeIfPresent(String.self, forKey: .method)
    isResponse = container.contains(.result) || container.contains(.error)
  }

  /// Reads the head of a message body: a parse error for invalid JSON, an invalid request for
  /// JSON that is not a request object.
  static func read(_ body: [UInt8]) -> Result<MessageHead, ResponseError> {
    do {
      return .success(try JSONDecoder().decode(MessageHead.self, from: Data(body)))
    } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
      return .failure(.parseError("invalid JSON: \(Self.reason(context))"))
    } catch {
      return .failure(.invalidRequest("not a JSON-RPC request: an object with \"jsonrpc\", \"method\" and an optional \"id\" (a number or a string)"))
    }
  }

  private static func reason(_ context: DecodingError.Context) -> String {
    (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String ?? context.debugDescription
  }
}

/// Decodes a message's `params` as `P` (a missing `params` decodes as an empty object).
struct ParamsEnvelope<P: Decodable>: Decodable {
  let params: P

  private enum Keys: String, CodingKey { case params }

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: Keys.self)
    if container.contains(.params), try !container.decodeNil(forKey: .params) {
      params = try container.decode(P.self, forKey: .params)
    } else {
      params = try JSONDecoder().decode(P.self, from: Data("{}".utf8))
    }
  }
}

/// Encodes outgoing messages.
enum Outgoing {
  private static let encoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.withoutEscapingSlashes]
    return encoder
  }()

  private struct Response<R: Encodable>: Encodable {
    let id: RequestID?
    let result: R
    private enum Keys: String, CodingKey { case jsonrpc, id, result }
    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: Keys.self)
      try container.encode("2.0", forKey: .jsonrpc)
      try container.encode(id, forKey: .id)
      try container.encode(result, forKey: .result)  // `null` for a nil result, never omitted
    }
  }

  private struct Failure: Encodable {
    let jsonrpc = "2.0"
    let id: RequestID?
    let error: ResponseError
    private enum Keys: String, CodingKey { case jsonrpc, id, error }
    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: Keys.self)
      try container.encode(jsonrpc, forKey: .jsonrpc)
      try container.encode(id, forKey: .id)  // `null` when the request's id is unknown
      try container.encode(error, forKey: .error)
    }
  }

  private struct Notification<P: Encodable>: Encodable {
    let jsonrpc = "2.0"
    let method: String
    let params: P
  }

  /// A successful response.
  static func response<R: Encodable>(_ id: RequestID?, _ result: R) -> [UInt8] {
    encode(Response(id: id, result: result), id: id)
  }

  /// An error response.
  static func failure(_ id: RequestID?, _ error: ResponseError) -> [UInt8] {
    (try? Array(encoder.encode(Failure(id: id, error: error)))) ?? Array(#"{"jsonrpc":"2.0","id":null,"error":{"code":-32603,"message":"unencodable error"}}"#.utf8)
  }

  /// A notification from the server.
  static func notification<P: Encodable>(_ method: String, _ params: P) -> [UInt8] {
    (try? Array(encoder.encode(Notification(method: method, params: params)))) ?? []
  }

  private static func encode<T: Encodable>(_ value: T, id: RequestID?) -> [UInt8] {
    do {
      return Array(try encoder.encode(value))
    } catch {
      return failure(id, .internalError("the answer could not be encoded: \(error)"))
    }
  }

  /// The bytes of a framed message.
  static func frame(_ body: [UInt8]) -> [UInt8] {
    Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
  }
}
