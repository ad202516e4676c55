using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VersatileHub.AppHost.Orchestration;

namespace VersatileHub.AppHost.Hosting;

/// <summary>Collects the resources of the suite and the AppHost's own configuration, then builds the application.</summary>
internal sealed class DistributedApplicationBuilder
{
    private readonly List<IResource> _resources = [];

    internal DistributedApplicationBuilder(string[] args)
    {
        Configuration.AddEnvironmentVariables();
        Configuration.AddCommandLine(args);
        Services.AddOptions<AppHostOptions>()
            .Bind(Configuration.GetSection(AppHostOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        RepositoryDirectory = RepositoryRoot.Find();
        AppHostDirectory = Path.Combine(RepositoryDirectory, "VersatileHub.AppHost");
    }

    public ConfigurationManager Configuration { get; } = new();

    public IServiceCollection Services { get; } = new ServiceCollection();

    public string RepositoryDirectory { get; }

    /// <summary>Project paths given to <see cref="ProjectBuilderExtensions.AddProject"/> are relative to this folder.</summary>
    public string AppHostDirectory { get; }

    public IReadOnlyList<IResource> Resources => _resources;

    public IResourceBuilder<T> AddResource<T>(T resource) where T : IResource
    {
        if (_resources.Any(r => string.Equals(r.Name, resource.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new DistributedApplicationException($"Cannot add resource '{resource.Name}': the model already has a resource with that name.");
        }

        _resources.Add(resource);
        return new ResourceBuilder<T>(this, resource);
    }

    public IResourceBuilder<ParameterResource> AddParameter(string name, bool secret = false, string? defaultValue = null) =>
        AddResource(new ParameterResource(name, secret, defaultValue));

    /// <summary>Validates the AppHost's options, places every endpoint on its port and freezes the model.</summary>
    /// <exception cref="OptionsValidationException">The <c>AppHost</c> configuration is invalid.</exception>
    public DistributedApplication Build()
    {
        Services.AddSingleton<IConfiguration>(Configuration);
        var services = Services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        services.GetRequiredService<IStartupValidator>().Validate();
        var options = services.GetRequiredService<IOptions<AppHostOptions>>().Value;

        foreach (var endpoint in _resources.SelectMany(r => r.GetEndpoints()))
        {
            endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint.Scheme, "127.0.0.1", endpoint.Port + options.PortOffset);
        }

        return new DistributedApplication(new DistributedApplicationModel(_resources), services, RepositoryDirectory);
    }
}
