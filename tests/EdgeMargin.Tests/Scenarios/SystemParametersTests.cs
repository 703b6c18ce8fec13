using System.Text.Json;
using EdgeMargin.Scenarios;

namespace EdgeMargin.Tests.Scenarios;

public class SystemParametersTests
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true };

    private static SystemParameters Read(string json) => JsonSerializer.Deserialize<SystemParameters>(json, Options)!;

    [Fact]
    public void Validate_lists_every_invalid_value_by_its_field_path()
    {
        var p = SystemParameters.Default with
        {
            Physical = PhysicalConstants.Paper with { BandwidthHz = -1, NoiseDensityWPerHz = double.NaN },
            Generator = GeneratorDistributions.Paper with { AreaSideM = 0, EdgeCapacityMinFactor = 2, EdgeCapacityMaxFactor = 1 },
            EdgeEstimate = new EdgeTimeEstimate { ParameterRatio = double.PositiveInfinity },
            Admission = new AdmissionControl { MaxUsersPerServer = 0 },
        };
        var problems = p.Validate();
        string all = string.Join("\n", problems);
        foreach (string path in new[] { "physical.bandwidthHz", "physical.noiseDensityWPerHz", "generator.areaSideM", "generator.edgeCapacityMinFactor (2) must not exceed generator.edgeCapacityMaxFactor", "edgeEstimate.parameterRatio", "admission.maxUsersPerServer" })
            Assert.Contains(path, all);
        Assert.Equal(6, problems.Count);
        Assert.Empty(SystemParameters.Default.Validate());
        Assert.Empty(SystemParameters.Reference.Validate());
    }

    [Fact]
    public void A_null_part_is_a_validation_problem_rather_than_a_crash_later()
    {
        var problems = (SystemParameters.Default with { Physical = null!, Admission = null! }).Validate();
        Assert.Contains(problems, m => m.StartsWith("physical is null", StringComparison.Ordinal));
        Assert.Contains(problems, m => m.StartsWith("admission is null", StringComparison.Ordinal));
    }

    [Fact]
    public void The_flat_form_of_older_config_files_reads_as_the_same_values_as_the_nested_form()
    {
        // The golden simulate-config file's parameters, in both spellings.
        var flat = Read("""{ "bandwidthHz": 5e7, "maxUsersPerServer": 6, "edgeCapacityMultiplier": 6, "areaSideM": 400, "mode": "reference", "parameterRatio": 4 }""");
        var nested = Read("""
            { "mode": "reference", "physical": { "bandwidthHz": 5e7 }, "generator": { "edgeCapacityMultiplier": 6, "areaSideM": 400 },
              "edgeEstimate": { "parameterRatio": 4 }, "admission": { "maxUsersPerServer": 6 } }
            """);
        Assert.Equal(nested, flat);
        Assert.Equal(5e7, flat.Physical.BandwidthHz);
        Assert.Equal(3.5e9, flat.Physical.CarrierHz);
        Assert.Equal(400, flat.Generator.AreaSideM);
        Assert.Equal(0.6, flat.Generator.EdgeCapacityMinFactor);
        Assert.Equal(6, flat.Admission.MaxUsersPerServer);
        Assert.Equal(4, flat.EdgeEstimate.ParameterRatio);
        Assert.Equal(ModelMode.Reference, flat.Mode);
    }

    [Fact]
    public void Flat_and_nested_fields_of_different_parts_may_be_mixed()
    {
        var p = Read("""{ "bandwidthHz": 5e7, "admission": { "maxUsersPerServer": 2 } }""");
        Assert.Equal(5e7, p.Physical.BandwidthHz);
        Assert.Equal(2, p.Admission.MaxUsersPerServer);
        Assert.Null(Read("""{ "maxUsersPerServer": null }""").Admission.MaxUsersPerServer);
    }

    [Fact]
    public void A_flat_field_next_to_the_object_of_its_own_part_is_refused_with_where_to_move_it()
    {
        var ex = Assert.Throws<JsonException>(() => Read("""{ "physical": { "carrierHz": 2e9 }, "bandwidthHz": 5e7 }"""));
        Assert.Contains("Move 'bandwidthHz' into 'physical'", ex.Message);
    }

    [Theory]
    [InlineData("""{ "bandwith": 1e8 }""", "parameters has no field 'bandwith'", "bandwidthHz")]
    [InlineData("""{ "physical": { "areaSideM": 400 } }""", "parameters.physical has no field 'areaSideM'", "'areaSideM' belongs in parameters.generator")]
    [InlineData("""{ "physical": { "bandwidthHz": null } }""", "parameters.physical.bandwidthHz is null", "leave the field out")]
    [InlineData("""{ "admission": { "maxUsersPerServer": 2.5 } }""", "parameters.admission.maxUsersPerServer must be a whole number", "null")]
    [InlineData("""{ "mode": "fast" }""", "parameters.mode must be \"default\" or \"reference\"", "\"fast\"")]
    [InlineData("""{ "generator": 5 }""", "parameters.generator must be an object", "a number")]
    public void Every_reading_problem_names_the_field_and_what_is_allowed(string json, string where, string hint)
    {
        var ex = Assert.Throws<JsonException>(() => Read(json));
        Assert.Contains(where, ex.Message);
        Assert.Contains(hint, ex.Message);
    }

    [Fact]
    public void Named_literals_are_read_so_that_validation_can_name_the_field()
    {
        var p = Read("""{ "transmitPowerW": "NaN" }""");
        Assert.True(double.IsNaN(p.Physical.TransmitPowerW));
        Assert.Contains(p.Validate(), m => m.StartsWith("physical.transmitPowerW must be a finite number > 0", StringComparison.Ordinal));
    }

    [Fact]
    public void Parameters_are_written_nested_and_read_back_equal()
    {
        var p = SystemParameters.Reference with
        {
            Physical = PhysicalConstants.Paper with { BandwidthHz = 2e7 },
            Admission = new AdmissionControl { MaxUsersPerServer = 3 },
        };
        string json = JsonSerializer.Serialize(p, Options);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal("reference", doc.RootElement.GetProperty("mode").GetString());
        Assert.Equal(2e7, doc.RootElement.GetProperty("physical").GetProperty("bandwidthHz").GetDouble());
        Assert.Equal(500, doc.RootElement.GetProperty("generator").GetProperty("areaSideM").GetDouble());
        Assert.Equal(8, doc.RootElement.GetProperty("edgeEstimate").GetProperty("parameterRatio").GetDouble());
        Assert.Equal(3, doc.RootElement.GetProperty("admission").GetProperty("maxUsersPerServer").GetInt32());
        Assert.Equal(p, Read(json));
        Assert.Equal(SystemParameters.Default, Read(JsonSerializer.Serialize(SystemParameters.Default, Options)));
    }
}
