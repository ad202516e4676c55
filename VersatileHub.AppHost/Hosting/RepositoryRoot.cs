using System.Reflection;

namespace VersatileHub.AppHost.Hosting;

/// <summary>The checkout the AppHost was built from: where the projects are and where local data lives.</summary>
internal static class RepositoryRoot
{
    private const string SolutionFile = "VersatileHub.sln";

    public static string Find()
    {
        var baked = typeof(RepositoryRoot).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        if (baked is not null && File.Exists(Path.Combine(baked, SolutionFile)))
        {
            return baked;
        }

        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
            {
                return directory.FullName;
            }
        }

        throw new DistributedApplicationException(
            $"Cannot find the repository ({SolutionFile}) from the build-time path '{baked}' nor from '{Environment.CurrentDirectory}'. Run the AppHost from inside the checkout.");
    }
}
