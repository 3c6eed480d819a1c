import dev.stellar.finetune.testing.FakeHub

def hub = FakeHub.start(Integer.parseInt(fakehubPort))
hub.addModel('openai-community/tiny-gpt2', ['config.json': '{"model_type": "gpt2"}'.bytes], [] as Set)
hub.addTinyModel('google-bert/tiny-bert')
hub.addFixtureModel('FacebookAI/tiny-roberta', 'tiny-roberta')
println "Fake Hugging Face Hub at ${hub.endpoint()}"
return true
