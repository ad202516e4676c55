using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace VersatileHub.Agent.Profiles;

/// <summary>
/// The deployment's model: the client profile's <c>model</c>, which the AppHost gives as <c>Agent__Model__Endpoint</c>,
/// <c>Agent__Model__Name</c> and the secret <c>Parameters__model-api-key</c>. Both or neither.
/// </summary>
public sealed class SuiteModelOptions : IValidatableObject
{
    public const string Section = "Agent:Model";

    public string? Endpoint { get; set; }

    public string? Name { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Endpoint) != string.IsNullOrWhiteSpace(Name))
        {
            yield return new ValidationResult("Agent:Model needs both Endpoint and Name, or neither.", [nameof(Endpoint), nameof(Name)]);
        }
        else if (!string.IsNullOrWhiteSpace(Endpoint) && (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            yield return new ValidationResult($"Agent:Model:Endpoint '{Endpoint}' is not the http(s) base URL of an OpenAI-compatible API.", [nameof(Endpoint)]);
        }
    }
}

/// <summary>
/// The profile a tenant without one of its own answers with, made from the deployment's model with every tool on; a
/// tenant's own primary profile always wins. Null when the deployment names no model: such tenants' bots are off.
/// </summary>
public sealed class SuiteModel
{
    public const string ApiKeyParameter = "Parameters:model-api-key";

    public SuiteModel(IOptions<SuiteModelOptions> options, IConfiguration configuration, ApiKeyProtector keys, TimeProvider time)
    {
        if (options.Value is not { Endpoint: { Length: > 0 } endpoint, Name: { Length: > 0 } name })
        {
            return;
        }
        var settings = new ProfileInput(Name: "Suite", Endpoint: endpoint, Model: name).Validate(out _)
            ?? throw new OptionsValidationException(SuiteModelOptions.Section, typeof(SuiteModelOptions), [$"Agent:Model '{name}' at '{endpoint}' is not a valid profile."]);
        Profile = AgentProfile.Create(settings, keys.Protect(configuration[ApiKeyParameter]), time.GetUtcNow());
    }

    public AgentProfile? Profile { get; }
}
