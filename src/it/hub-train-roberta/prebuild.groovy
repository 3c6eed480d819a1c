import dev.stellar.finetune.testing.FakeHub

def hub = FakeHub.start(Integer.parseInt(fakehubPort))
hub.addFixtureModel('FacebookAI/tiny-roberta', 'tiny-roberta')
println "Fake Hugging Face Hub at ${hub.endpoint()}"
return true
