namespace FanoutSim.Sim;
