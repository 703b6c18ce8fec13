using EdgeMargin.Offloading;
using EdgeMargin.Scenarios;
using static EdgeMargin.Tests.TestScenarios;

namespace EdgeMargin.Tests.Offloading;

public class DelayModelTests
{
    // One user, one server, |h|^2 = 1e-9: SINR = 0.2e-9 / (4e-21 * 1e8) = 500, R = 1e8 log2(501) = 8.96866679e8 bit/s.
    private static Scenario OneByOne(SystemParameters p) => Build(p, [User(0.5, payloadBytes: 400, localS: 0.1)], [Server()], [1e-9]);

    [Fact]
    public void Uplink_time_converts_bytes_to_bits_in_the_default_model()
    {
        Assert.Equal(3.5679773524733178e-06, DelayModel.CommS(OneByOne(SystemParameters.Default), 0, 0, 1, 0), 1e-18);
    }

    [Fact]
    public void Reference_mode_uses_the_byte_count_as_bits_like_the_paper_code()
    {
        Assert.Equal(4.459971690591647e-07, DelayModel.CommS(OneByOne(SystemParameters.Reference), 0, 0, 1, 0), 1e-18);
    }

    [Fact]
    public void Bandwidth_is_split_equally_among_users_on_a_server()
    {
        var s = OneByOne(SystemParameters.Default);
        Assert.Equal(4 * DelayModel.CommS(s, 0, 0, 1, 0), DelayModel.CommS(s, 0, 0, 4, 0), 1e-15);
    }

    [Fact]
    public void Decision_time_edge_estimate_is_parameter_ratio_times_local_work_over_share()
    {
        // 8 * 0.1 s * 91.06e12 / min(1513e12, 1.513e16 / 1) = 0.048148 s
        var s = OneByOne(SystemParameters.Default);
        Assert.Equal(0.04814805023132849, DelayModel.EdgeS(s, s.EdgeWorkEstimate[0], 0, 1), 1e-15);
    }

    [Fact]
    public void Gap_is_uncertainty_weighted_difference_of_offloaded_and_local_delay()
    {
        var s = OneByOne(SystemParameters.Default);
        double expected = 0.5 * (3.5679773524733178e-06 + 0.04814805023132849 - 0.1);
        Assert.Equal(expected, DelayModel.Gap(s, 0, 0, 1, 0, weighted: true), 1e-15);
        Assert.Equal(expected / 0.5, DelayModel.Gap(s, 0, 0, 1, 0, weighted: false), 1e-15);
    }

    [Fact]
    public void Interference_counts_only_users_offloaded_to_other_servers()
    {
        var s = Build(SystemParameters.Default, [User(0.5), User(0.5), User(0.5)], [Server(), Server()], [1e-9, 2e-9, 3e-9, 4e-9, 5e-9, 6e-9]);
        Span<double> interference = stackalloc double[2];
        // user 0 -> es0, user 1 -> es1, user 2 local
        DelayModel.Interference(s, [0, 1, Assignment.Local], interference);
        Assert.Equal(0.2 * 3e-9, interference[0], 1e-22); // user 1's power at es0
        Assert.Equal(0.2 * 2e-9, interference[1], 1e-22); // user 0's power at es1
    }

    [Fact]
    public void A_dead_channel_gives_an_infinite_gap_and_zero_bytes_take_no_time()
    {
        var dead = Build(SystemParameters.Default, [User(0.9), User(0.9, payloadBytes: 0)], [Server()], [0, 0]);
        Assert.Equal(double.PositiveInfinity, DelayModel.Gap(dead, 0, 0, 1, 0, true));
        Assert.Equal(0, DelayModel.CommS(dead, 1, 0, 1, 0));
    }

    [Fact]
    public void Evaluation_uses_measured_llm_time_scaled_by_reference_capacity_over_share()
    {
        var s = Build(SystemParameters.Default, [User(0.5, llmS: 0.3, slm: false, llm: true)], [Server(capacity: 1e15)], [1e-9]);
        var outcome = OutcomeEvaluator.Evaluate(s, new Assignment([0]));
        Assert.Equal(0.3 * 91.06e12 / 1e15, outcome.Users[0].EdgeS, 1e-15);
        Assert.Equal(1.0, outcome.Accuracy);
        Assert.Equal(0.0, OutcomeEvaluator.Evaluate(s, Assignment.AllLocal(1)).Accuracy);
    }
}
