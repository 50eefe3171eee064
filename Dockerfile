# The fanoutsim CLI with the committed scenarios and calibration data, as the README's Kubernetes and CI recipes run it:
#   docker build -t fanoutsim .
#   docker run --rm fanoutsim ./fanoutsim run scenarios/n100.yaml
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Cli/Cli.csproj -c Release -o /out/bin

FROM mcr.microsoft.com/dotnet/runtime:10.0
WORKDIR /app
COPY --from=build /out/bin ./bin
COPY scenarios ./scenarios
COPY calibration ./calibration
# Same entry point as in a clone (./fanoutsim ...), without the build-on-first-use step.
RUN printf '#!/bin/sh\nexec dotnet /app/bin/fanoutsim.dll "$@"\n' > /app/fanoutsim && chmod +x /app/fanoutsim
ENV PATH="/app:${PATH}"
ENTRYPOINT []
CMD ["fanoutsim", "--help"]
