using VersatileHub.AppHost.Hosting;
using VersatileHub.AppHost.Orchestration;

namespace VersatileHub.Tests.AppHost;

public sealed class ResourceMonitorTests
{
    private readonly IResource _redis;
    private readonly ResourceMonitor _monitor;

    public ResourceMonitorTests()
    {
        var builder = DistributedApplication.CreateBuilder([]);
        _redis = builder.AddRedis("cache").Resource;
        _monitor = new ResourceMonitor([_redis]);
    }

    [Fact]
    public void A_failed_health_check_makes_a_healthy_resource_unhealthy_and_a_passing_one_makes_it_healthy_again()
    {
        _monitor.SetState(_redis, ResourceState.Healthy);

        _monitor.ReportHealth(_redis, healthy: false, "connection refused");
        var unhealthy = _monitor.Snapshot(_redis);
        _monitor.ReportHealth(_redis, healthy: true);
        var healthy = _monitor.Snapshot(_redis);

        Assert.Equal(ResourceState.Unhealthy, unhealthy.State);
        Assert.Equal("connection refused", unhealthy.Detail);
        Assert.False(unhealthy.Health!.Healthy);
        Assert.Equal(ResourceState.Healthy, healthy.State);
        Assert.Null(healthy.Detail);
    }

    [Fact]
    public void A_health_check_does_not_change_a_resource_that_is_starting_or_stopping()
    {
        _monitor.SetState(_redis, ResourceState.Stopping);

        _monitor.ReportHealth(_redis, healthy: false, "connection refused");

        Assert.Equal(ResourceState.Stopping, _monitor.Snapshot(_redis).State);
    }

    [Fact]
    public void A_log_watch_gets_the_kept_lines_then_every_new_line_once_and_only_the_last_thousand_are_kept()
    {
        for (var i = 1; i <= ResourceMonitor.LogCapacity + 5; i++)
        {
            _monitor.Log(_redis, $"line {i}");
        }

        using var watch = _monitor.WatchLogs(_redis);
        _monitor.Log(_redis, "after the watch began", isError: true);

        Assert.Equal(ResourceMonitor.LogCapacity, watch.Backlog.Count);
        Assert.Equal("line 6", watch.Backlog[0].Text);
        Assert.True(watch.Updates.TryRead(out var next));
        Assert.Equal(("after the watch began", ResourceMonitor.LogCapacity + 6L, true), (next.Text, next.Number, next.IsError));
        Assert.False(watch.Updates.TryRead(out _));
    }

    [Fact]
    public void A_state_watch_sees_each_change_and_a_restart_counts_as_a_second_start()
    {
        using var watch = _monitor.WatchStates();

        _monitor.ProcessStarted(_redis, 100);
        _monitor.SetState(_redis, ResourceState.Healthy);
        _monitor.ProcessStarted(_redis, 200);

        var seen = new List<ResourceSnapshot>();
        while (watch.Updates.TryRead(out var snapshot))
        {
            seen.Add(snapshot);
        }

        Assert.Equal([ResourceState.Running, ResourceState.Healthy, ResourceState.Running], seen.Select(s => s.State));
        Assert.Equal((200, 2), (seen[^1].ProcessId!.Value, seen[^1].Starts));
    }
}
