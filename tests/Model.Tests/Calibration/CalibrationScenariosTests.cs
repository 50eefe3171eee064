using FanoutSim.Model.Calibration;
using FanoutSim.Model.Results;
using FanoutSim.Model.Runs;
using FanoutSim.Model.Scenarios;

namespace FanoutSim.Model.Tests.Calibration;

public class CalibrationScenariosTests
{
    [Theory]
    [InlineData(1UL)]
    [InlineData(42UL)]
    public void A_run_is_predicted_with_the_seed_its_load_generator_drew_its_churn_from(ulong seed)
    {
        Scenario room = TestScenarios.Room(40) with { Seed = seed };
        RunSetup setup = RunSetups.Of(room);
        var nodes = new Dictionary<string, RedisNodeType> { [TestScenarios.SmallNode.Name] = TestScenarios.SmallNode };
        Scenario predicted = CalibrationScenarios.For(setup, room.Profile, nodes);
        Assert.Equal(seed, predicted.Seed);
        Assert.Equal(1, predicted.Replications);
    }
}
