# The bundled chat server (src/ChatServer):
#   docker build -f docker/chat-server.Dockerfile -t fanoutsim-chat .
#   docker run --rm -p 8080:8080 -e Chat__Redis=redis:6379 fanoutsim-chat
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/ChatServer/ChatServer.csproj -c Release -o /out

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /out .
ENV ASPNETCORE_URLS=http://+:8080
EXPOSE 8080
ENTRYPOINT ["dotnet", "FanoutSim.ChatServer.dll"]
