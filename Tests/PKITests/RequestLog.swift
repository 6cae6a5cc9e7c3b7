import PKI

/// Collects what the issuing closure was given.
actor RequestLog {
    private(set) var requests = [SCEPRequest]()
    func record(_ request: SCEPRequest) { requests.append(request) }
}
