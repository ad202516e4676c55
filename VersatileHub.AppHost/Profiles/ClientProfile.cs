using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace VersatileHub.AppHost.Profiles;

/// <summary>
/// One client's deployment, from <c>clients/&lt;client&gt;.json</c>: which modules run, where, how big, and which existing
/// databases replace containers. <see cref="Load"/> rejects a profile that cannot make a working suite, saying why.
/// </summary>
internal sealed partial record ClientProfile
{
    public static readonly IReadOnlyList<string> KnownModules = [Modules.Hub, Modules.Chat, Modules.Agent, Modules.WhatsApp, Modules.Flow, Modules.Erp];

    /// <summary>What each module cannot work without.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Requirements = new Dictionary<string, string[]>
    {
        [Modules.Hub] = [],
        [Modules.Chat] = [Modules.Hub],
        [Modules.Agent] = [Modules.Chat, Modules.Hub],
        [Modules.WhatsApp] = [Modules.Chat],
        [Modules.Flow] = [Modules.Hub],
        [Modules.Erp] = [Modules.Hub],
    };

    /// <summary>Databases a profile may point at an existing server instead of a container, and the module that owns each.</summary>
    public static readonly IReadOnlyDictionary<string, string> DatabaseOwners = new Dictionary<string, string>
    {
        ["hubdb"] = Modules.Hub,
        ["chatdb"] = Modules.Chat,
        ["agentdb"] = Modules.Agent,
        ["flowdb"] = Modules.Flow,
    };

    public static readonly IReadOnlyList<string> KnownSizes = ["postgres", "redis", "mariadb", "erp-sites", "chat-data"];

    public required string Client { get; init; }

    public string? Domain { get; init; }

    public IReadOnlyList<string> ModuleList { get; init; } = [];

    public IReadOnlyDictionary<string, int> Replicas { get; init; } = new Dictionary<string, int>();

    public ModelSettings? Model { get; init; }

    public string TimeZone { get; init; } = "UTC";

    public string Locale { get; init; } = "es";

    public IReadOnlyDictionary<string, string> Sizes { get; init; } = new Dictionary<string, string>();

    /// <summary>Existing databases by name (<c>hubdb</c>...), as connection strings without the password, which is a secret given at deploy time.</summary>
    public IReadOnlyDictionary<string, string> Databases { get; init; } = new Dictionary<string, string>();

    public ImageSettings Images { get; init; } = new();

    /// <summary>Where Let's Encrypt sends expiry notices; <c>ops@&lt;domain&gt;</c> when not given.</summary>
    public string? AcmeEmail { get; init; }

    /// <summary>The local run's profile: every module on this machine's domain.</summary>
    public static ClientProfile Local { get; } = new()
    {
        Client = "local",
        Domain = "localhost",
        ModuleList = KnownModules,
    };

    public bool Has(string module) => ModuleList.Contains(module);

    /// <summary>Some module's database is not one of the profile's existing databases, so the suite runs its own PostgreSQL.</summary>
    public bool NeedsPostgresServer => DatabaseOwners.Any(d => Has(d.Value) && !Databases.ContainsKey(d.Key));

    public int ReplicasOf(string module) => Replicas.TryGetValue(module, out var replicas) ? replicas : 1;

    public string SizeOf(string store, string fallback) => Sizes.TryGetValue(store, out var size) ? size : fallback;

    public string ImageOf(string project) => $"{Images.Registry.TrimEnd('/')}/{project}:{Images.Tag}";

    /// <summary>Reads and validates <c>&lt;clientsDirectory&gt;/&lt;client&gt;.json</c>.</summary>
    /// <exception cref="ClientProfileException">The file is missing, not valid JSON, or describes a suite that cannot work.</exception>
    public static ClientProfile Load(string clientsDirectory, string client)
    {
        var path = Path.Combine(clientsDirectory, $"{client}.json");
        if (!ClientName().IsMatch(client) || !File.Exists(path))
        {
            var known = Directory.Exists(clientsDirectory)
                ? string.Join(", ", Directory.EnumerateFiles(clientsDirectory, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal))
                : "";
            throw new ClientProfileException(path, [$"no profile '{client}' in {clientsDirectory} (profiles there: {(known.Length > 0 ? known : "none")})"]);
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <exception cref="ClientProfileException">Not valid JSON, or a suite that cannot work.</exception>
    public static ClientProfile Parse(string json, string source)
    {
        ProfileDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, ProfileJsonContext.Default.ProfileDocument);
        }
        catch (JsonException e)
        {
            var where = e.Path is { Length: > 0 } path ? $"{path.TrimStart('$', '.')}: " : "";
            throw new ClientProfileException(source, [$"{where}{e.Message.Split(" Path:")[0]}"]);
        }

        if (document is null)
        {
            throw new ClientProfileException(source, ["the file is empty (expected a JSON object)"]);
        }

        var profile = new ClientProfile
        {
            Client = document.Client ?? "",
            Domain = document.Domain,
            ModuleList = [.. document.Modules ?? []],
            Replicas = document.Replicas ?? new Dictionary<string, int>(),
            Model = document.Model,
            TimeZone = document.TimeZone ?? "UTC",
            Locale = document.Locale ?? "es",
            Sizes = document.Sizes ?? new Dictionary<string, string>(),
            Databases = document.Databases ?? new Dictionary<string, string>(),
            Images = document.Images ?? new ImageSettings(),
            AcmeEmail = document.AcmeEmail,
        };
        var errors = profile.Validate().ToList();
        return errors.Count == 0 ? profile : throw new ClientProfileException(source, errors);
    }

    /// <summary>Every problem at once, each naming its field, so that one edit fixes them all.</summary>
    public IEnumerable<string> Validate()
    {
        if (!ClientName().IsMatch(Client))
        {
            yield return $"client: '{Client}' must be lowercase letters, digits and '-' (it names the namespace, the project and the network prefix)";
        }

        if (string.IsNullOrWhiteSpace(Domain))
        {
            yield return "domain: missing (the public services are served at hub.<domain>, chat.<domain>, agent.<domain>)";
        }
        else if (!DomainName().IsMatch(Domain))
        {
            yield return $"domain: '{Domain}' is not a DNS name such as example.com";
        }

        if (ModuleList.Count == 0)
        {
            yield return $"modules: empty; choose from {string.Join(", ", KnownModules)}";
        }

        for (var i = 0; i < ModuleList.Count; i++)
        {
            if (!KnownModules.Contains(ModuleList[i]))
            {
                yield return $"modules[{i}]: unknown module '{ModuleList[i]}'; known modules: {string.Join(", ", KnownModules)}";
            }
        }

        foreach (var duplicate in ModuleList.GroupBy(m => m).Where(g => g.Count() > 1))
        {
            yield return $"modules: '{duplicate.Key}' is listed more than once";
        }

        foreach (var module in ModuleList.Where(Requirements.ContainsKey))
        {
            var missing = Requirements[module].Where(required => !Has(required)).ToList();
            if (missing.Count > 0)
            {
                yield return $"modules: {module} needs {string.Join(" and ", Requirements[module])}; add {string.Join(" and ", missing)}";
            }
        }

        foreach (var (module, replicas) in Replicas.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (!Has(module))
            {
                yield return $"replicas.{module}: '{module}' is not among the modules";
            }
            else if (module == Modules.Erp)
            {
                yield return "replicas.erp: ERPNext runs one of each container; scale it by its workers, not by replicas";
            }
            else if (replicas is < 1 or > 20)
            {
                yield return $"replicas.{module}: {replicas} is outside 1..20";
            }
        }

        if (Has(Modules.Agent) && (Model is null || string.IsNullOrWhiteSpace(Model.Name) || !Uri.TryCreate(Model.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https")))
        {
            yield return "model: the agent needs model.endpoint (an absolute http(s) URL of an OpenAI-compatible API) and model.name";
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return $"timeZone: '{TimeZone}' is not an IANA time zone such as America/Argentina/Buenos_Aires";
        }

        if (Locale is not ("es" or "en"))
        {
            yield return $"locale: '{Locale}' is not supported; use es or en";
        }

        foreach (var (store, size) in Sizes.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (!KnownSizes.Contains(store))
            {
                yield return $"sizes.{store}: unknown store; known: {string.Join(", ", KnownSizes)}";
            }
            else if (!StorageSize().IsMatch(size))
            {
                yield return $"sizes.{store}: '{size}' is not a size such as 10Gi or 500Mi";
            }
        }

        foreach (var (database, connectionString) in Databases.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            if (!DatabaseOwners.TryGetValue(database, out var owner))
            {
                yield return $"databases.{database}: unknown database; known: {string.Join(", ", DatabaseOwners.Keys)}";
            }
            else if (!Has(owner))
            {
                yield return $"databases.{database}: belongs to {owner}, which is not among the modules";
            }
            else if (!connectionString.Contains("Host=", StringComparison.OrdinalIgnoreCase))
            {
                yield return $"databases.{database}: expected a PostgreSQL connection string such as Host=db.example.com;Port=5432;Username=vh;Database={database}";
            }
            else if (connectionString.Contains("Password=", StringComparison.OrdinalIgnoreCase))
            {
                yield return $"databases.{database}: leave the password out; it is the secret {database}-connection-string given at deploy time";
            }
        }

        if (string.IsNullOrWhiteSpace(Images.Registry) || Images.Registry.Contains(' ', StringComparison.Ordinal))
        {
            yield return $"images.registry: '{Images.Registry}' is not a registry path such as registry.example.com/versatilehub";
        }

        if (!ImageTag().IsMatch(Images.Tag))
        {
            yield return $"images.tag: '{Images.Tag}' is not a valid image tag";
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,38}[a-z0-9]$")]
    private static partial Regex ClientName();

    [GeneratedRegex(@"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex DomainName();

    [GeneratedRegex("^[0-9]+(Mi|Gi|Ti)$")]
    private static partial Regex StorageSize();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex ImageTag();
}

internal static class Modules
{
    public const string Hub = "hub";
    public const string Chat = "chat";
    public const string Agent = "agent";
    public const string WhatsApp = "whatsapp";
    public const string Flow = "flow";
    public const string Erp = "erp";
}

/// <summary>The agent's default model: any OpenAI-compatible endpoint; the API key is the secret <c>model-api-key</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record ModelSettings(string Endpoint, string Name);

/// <summary>Where the suite's project images are pushed (<c>dotnet publish -t:PublishContainer</c>) and which tag a deployment runs.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record ImageSettings(string Registry = "ghcr.io/versatilehub", string Tag = "latest");

/// <summary>The profile as written in JSON; unknown fields are errors, so that a typo is never silently ignored.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record ProfileDocument(
    string? Client,
    string? Domain,
    IReadOnlyList<string>? Modules,
    Dictionary<string, int>? Replicas,
    ModelSettings? Model,
    string? TimeZone,
    string? Locale,
    Dictionary<string, string>? Sizes,
    Dictionary<string, string>? Databases,
    ImageSettings? Images,
    string? AcmeEmail);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(ProfileDocument))]
internal sealed partial class ProfileJsonContext : JsonSerializerContext;

/// <summary>A profile that cannot be deployed; the message lists every problem with the field it is in.</summary>
internal sealed class ClientProfileException(string source, IReadOnlyList<string> errors)
    : Exception($"{source} is not a valid client profile:{string.Concat(errors.Select(e => $"{Environment.NewLine}  - {e}"))}")
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
