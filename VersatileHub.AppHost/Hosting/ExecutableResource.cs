namespace VersatileHub.AppHost.Hosting;

/// <summary>
/// A program run as is on the AppHost's machine (Aspire's <c>AddExecutable</c>): a local tool, a script, a container
/// started through the engine's own command line. Only a local run and the Aspire manifest (<c>executable.v0</c>) have it;
/// Docker Compose and Kubernetes have nothing to run it with and say that they leave it out.
/// </summary>
internal sealed class ExecutableResource(string name, string command, string workingDirectory) : Resource(name), IResourceWithWaitSupport
{
    /// <summary>The program: a path, or a name looked up on PATH.</summary>
    public string Command { get; } = command;

    /// <summary>Full path of the folder it runs in.</summary>
    public string WorkingDirectory { get; } = workingDirectory;
}

internal static class ExecutableBuilderExtensions
{
    /// <param name="workingDirectory">Relative to the AppHost project's folder, or absolute.</param>
    /// <param name="args">Text, or a <see cref="ParameterResource"/> whose value is known only when it runs.</param>
    public static IResourceBuilder<ExecutableResource> AddExecutable(
        this DistributedApplicationBuilder builder, string name, string command, string workingDirectory, params object[] args)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        var executable = builder.AddResource(new ExecutableResource(name, command, Path.GetFullPath(workingDirectory, builder.AppHostDirectory)));
        return args.Length > 0 ? executable.WithArgs(args) : executable;
    }
}
