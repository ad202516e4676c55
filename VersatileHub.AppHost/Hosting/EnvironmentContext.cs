namespace VersatileHub.AppHost.Hosting;

/// <summary>What a run knows beyond the model when it computes a resource's environment.</summary>
/// <param name="ParameterValues">Values of the model's parameters (passwords), by parameter name.</param>
/// <param name="EnvironmentName">The ASP.NET Core / .NET environment given to projects.</param>
/// <param name="OtlpEndpoint">Where projects send telemetry, when the AppHost itself has one.</param>
internal sealed record EnvironmentContext(IReadOnlyDictionary<string, string> ParameterValues, string EnvironmentName, string? OtlpEndpoint)
{
    public string GetValue(ParameterResource parameter) =>
        ParameterValues.TryGetValue(parameter.Name, out var value)
            ? value
            : throw new InvalidOperationException($"Parameter '{parameter.Name}' has no value.");
}
