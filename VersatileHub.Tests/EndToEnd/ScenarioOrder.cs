using Xunit.Abstractions;
using Xunit.Sdk;

namespace VersatileHub.Tests.EndToEnd;

/// <summary>The place of a scenario in the end-to-end run: the sweep of the run's logs comes after every scenario.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ScenarioAttribute(int order) : Attribute
{
    public int Order { get; } = order;
}

/// <summary>Runs a class's specs in the order their <see cref="ScenarioAttribute"/> gives (unnumbered ones last).</summary>
public sealed class ScenarioOrder : ITestCaseOrderer
{
    public const string TypeName = "VersatileHub.Tests.EndToEnd.ScenarioOrder";
    public const string AssemblyName = "VersatileHub.Tests";

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases) where TTestCase : ITestCase =>
        testCases.OrderBy(t => OrderOf(t)).ThenBy(t => t.TestMethod.Method.Name, StringComparer.Ordinal);

    private static int OrderOf(ITestCase testCase) =>
        testCase.TestMethod.Method.GetCustomAttributes(typeof(ScenarioAttribute).AssemblyQualifiedName).FirstOrDefault() is { } scenario
            ? scenario.GetConstructorArguments().OfType<int>().Single()
            : int.MaxValue;
}
