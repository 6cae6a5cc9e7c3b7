/// The declarations a device should hold, by kind: the `Declarations` of a declaration-items response.
public struct DeclarationManifest: Sendable, Hashable, Codable {
    public var activations: [DeclarationItem]
    public var configurations: [DeclarationItem]
    public var assets: [DeclarationItem]
    public var management: [DeclarationItem]

    public init(
        activations: [DeclarationItem] = [], configurations: [DeclarationItem] = [], assets: [DeclarationItem] = [],
        management: [DeclarationItem] = []
    ) {
        self.activations = activations
        self.configurations = configurations
        self.assets = assets
        self.management = management
    }

    /// Sorts each declaration into its list by the kind its `Type` names; declarations of no known kind are left out.
    public init(declarations: [Declaration]) {
        self.init()
        for declaration in declarations {
            switch declaration.kind {
            case .activation?: activations.append(declaration.item)
            case .configuration?: configurations.append(declaration.item)
            case .asset?: assets.append(declaration.item)
            case .management?: management.append(declaration.item)
            case nil: continue
            }
        }
    }

    private enum CodingKeys: String, CodingKey {
        case activations = "Activations"
        case configurations = "Configurations"
        case assets = "Assets"
        case management = "Management"
    }
}
