import Foundation
import PalisadeCore

/// `POST /api/devices`: pre-registers a device, say a corporate phone by serial number before it enrols.
struct CreateDeviceRequest: Decodable, Sendable {
    var platform: Platform
    var ownership: Ownership?
    var name: String?
    var serialNumber: String?
    var imei: String?
    var maker: String?
    var model: String?
    var tags: [String]?

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case platform, ownership, name, serialNumber, imei, maker, model, tags
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
        platform = try container.decode(Platform.self, forKey: .platform)
        ownership = try container.decodeIfPresentRefusingNull(Ownership.self, forKey: .ownership)
        name = try container.decodeIfPresentRefusingNull(String.self, forKey: .name)
        serialNumber = try container.decodeIfPresentRefusingNull(String.self, forKey: .serialNumber)
        imei = try container.decodeIfPresentRefusingNull(String.self, forKey: .imei)
        maker = try container.decodeIfPresentRefusingNull(String.self, forKey: .maker)
        model = try container.decodeIfPresentRefusingNull(String.self, forKey: .model)
        tags = try container.decodeIfPresentRefusingNull([String].self, forKey: .tags)
    }

    func validate() throws {
        try FieldRules.text(name, field: "name", maximum: 128)
        try FieldRules.text(maker, field: "maker", maximum: 64)
        try FieldRules.text(model, field: "model", maximum: 64)
        try FieldRules.serialNumber(serialNumber)
        try FieldRules.imei(imei)
        try FieldRules.tags(tags)
    }
}

/// `PATCH /api/devices/{id}`: what an administrator may change by hand. Absent fields stay, `null` clears a name.
struct UpdateDeviceRequest: Decodable, Sendable {
    var name: String??
    var ownership: Ownership?
    var tags: [String]?

    private enum CodingKeys: String, CodingKey, CaseIterable { case name, ownership, tags }

    init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
        name = try container.decodePatch(String.self, forKey: .name)
        ownership = try container.decodeIfPresentRefusingNull(Ownership.self, forKey: .ownership)
        tags = try container.decodeIfPresentRefusingNull([String].self, forKey: .tags)
    }

    func validate() throws {
        if case .some(let name) = name { try FieldRules.text(name, field: "name", maximum: 128) }
        try FieldRules.tags(tags)
    }
}
